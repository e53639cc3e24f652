import { Duration } from "aws-cdk-lib";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import * as actions from "aws-cdk-lib/aws-cloudwatch-actions";
import * as sns from "aws-cdk-lib/aws-sns";
import * as subscriptions from "aws-cdk-lib/aws-sns-subscriptions";
import type * as sqs from "aws-cdk-lib/aws-sqs";
import type { Construct } from "constructs";
import { optional } from "./settings";

/** The operators' topic. INTAKE_ALERT_EMAIL, when set, subscribes that address to it. */
export function alertsTopic(scope: Construct): sns.Topic {
  const alerts = new sns.Topic(scope, "Alerts", { enforceSSL: true });
  const email = optional("INTAKE_ALERT_EMAIL");
  if (email) alerts.addSubscription(new subscriptions.EmailSubscription(email));
  return alerts;
}

/** A queue's stage, and what its dead letters are. */
const deadLettersAre = {
  Scan: "Uploads whose scan failed 5 times",
  Process: "Uploads whose processing failed 5 times",
  Delivery: "Webhook deliveries the sender failed on 5 times",
  Dispatch: "Positions of stream batches the events dispatcher gave up on (the stream keeps records 24 h)",
} as const;
export type Stage = keyof typeof deadLettersAre;

/**
 * Any message in a dead-letter queue is work a stage could not finish: alarm on the
 * first one. `stage` names the alarm ("Scan" → ScanDeadLettersAlarm).
 */
export function deadLetterAlarm(scope: Construct, deadLetters: sqs.IQueue, alerts: sns.ITopic, stage: Stage) {
  const alarm = new cloudwatch.Alarm(scope, `${stage}DeadLettersAlarm`, {
    alarmDescription: `${deadLettersAre[stage]} wait in its dead-letter queue`,
    metric: deadLetters.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: "Maximum" }),
    threshold: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    evaluationPeriods: 1,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
  alarm.addAlarmAction(new actions.SnsAction(alerts));
  return alarm;
}
