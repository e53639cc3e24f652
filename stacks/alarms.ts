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

/**
 * Any message in a dead-letter queue is an upload a stage could not finish: alarm on the
 * first one. `stage` names the alarm ("Scan" → ScanDeadLettersAlarm).
 */
export function deadLetterAlarm(
  scope: Construct,
  deadLetters: sqs.IQueue,
  alerts: sns.ITopic,
  stage: "Scan" | "Process",
) {
  const alarm = new cloudwatch.Alarm(scope, `${stage}DeadLettersAlarm`, {
    alarmDescription: `Uploads whose ${stage === "Scan" ? "scan" : "processing"} failed 5 times wait in its dead-letter queue`,
    metric: deadLetters.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: "Maximum" }),
    threshold: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    evaluationPeriods: 1,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
  alarm.addAlarmAction(new actions.SnsAction(alerts));
  return alarm;
}
