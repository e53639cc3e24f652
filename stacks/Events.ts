import { Duration, RemovalPolicy } from "aws-cdk-lib";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import * as actions from "aws-cdk-lib/aws-cloudwatch-actions";
import * as kms from "aws-cdk-lib/aws-kms";
import * as lambda from "aws-cdk-lib/aws-lambda";
import { DynamoEventSource, SqsDlq } from "aws-cdk-lib/aws-lambda-event-sources";
import * as sqs from "aws-cdk-lib/aws-sqs";
import { NagSuppressions } from "cdk-nag";
import { Function as SstFunction, Queue, use, type StackContext } from "sst/constructs";
import { Auth } from "./Auth";
import { deadLetterAlarm } from "./alarms";
import { eventsEnvironment, functionEnvironment } from "./function-environment";
import { allow, lambdaRole } from "./lambda-role";
import { securityAlertsTopic } from "./security-alerts";
import { optional } from "./settings";
import { Storage, stageQueue } from "./Storage";
import { tableKeyUse, tableReadWrite } from "./table-access";

/** One POST takes at most 10 s; a batch of 10 fits even one after another. */
export const senderTimeout = Duration.minutes(2);
export const deliveryVisibilityTimeout = Duration.seconds(senderTimeout.toSeconds() * 6);
/** Receives of a delivery message the sender crashed on before it is dead-lettered (a non-2xx answer is re-queued by the sender, not counted here). */
export const deliveryMaxReceives = 5;
/** Deliveries are POSTed 10 at a time, by at most 10 senders: a bound on what Intake sends receivers at once. */
const deliveryBatch = { batchSize: 10, maxConcurrency: 10 };
/** Tries of a stream batch (halved on each error) before its position goes to the dispatcher's dead letters. */
export const dispatchRetryAttempts = 10;
/** The only stream records the dispatcher is invoked for: new outbox items (ElectroDB entity `event`). */
const outboxInserts = lambda.FilterCriteria.filter({
  eventName: lambda.FilterRule.isEqual("INSERT"),
  dynamodb: { NewImage: { __edb_e__: { S: lambda.FilterRule.isEqual("event") } } },
});
const nodeRuntimeReason =
  "The Node major pinned in .node-version, which local mode, the tests and the scanner image share";

/**
 * Events out: the table's stream → the dispatcher (one delivery per subscribed endpoint, a
 * security alert per quarantine) → the delivery queue → the sender (signed POSTs, retried by
 * re-queueing with a delay).
 */
export function Events({ stack, app }: StackContext) {
  const storage = use(Storage);
  const auth = use(Auth);
  const { table, tableKey, alerts } = storage;

  const securityAlerts = securityAlertsTopic(stack, optional("INTAKE_SECURITY_ALERT_EMAIL"));
  const secretsKey = new kms.Key(stack, "WebhookSecretsKey", {
    description: `${app.name} ${app.stage} webhook endpoint secrets`,
    enableKeyRotation: true,
    removalPolicy: RemovalPolicy.RETAIN, // without it no stored secret can be read again
  });
  const { queue: deliveryQueue, deadLetters: deliveryDeadLetters } = stageQueue(stack, "Delivery", alerts, {
    visibilityTimeout: deliveryVisibilityTimeout,
    maxReceives: deliveryMaxReceives,
  });
  const environment = {
    ...functionEnvironment(storage, auth),
    ...eventsEnvironment({ deliveryQueue, securityAlerts, secretsKey }),
  };

  // A stream batch the dispatcher gave up on: the message holds the batch's shard and sequence
  // numbers, not the records, which the stream keeps for 24 hours.
  const dispatchDeadLetters = new Queue(stack, "DispatchDeadLetters", {
    cdk: {
      queue: { retentionPeriod: Duration.days(14), encryption: sqs.QueueEncryption.SQS_MANAGED, enforceSSL: true },
    },
  });
  NagSuppressions.addResourceSuppressions(dispatchDeadLetters.cdk.queue, [
    { id: "AwsSolutions-SQS3", reason: "The dispatcher's on-failure destination: a dead-letter queue itself" },
  ]);
  deadLetterAlarm(stack, dispatchDeadLetters.cdk.queue, alerts, "Dispatch");

  const dispatcherAccess = lambdaRole(stack, "Dispatcher");
  const dispatcher = new SstFunction(stack, "DispatcherFunction", {
    handler: "packages/functions/src/events-dispatcher.handler",
    timeout: "1 minute",
    memorySize: "512 MB",
    role: dispatcherAccess.role,
    logGroup: dispatcherAccess.logGroup,
    tracing: "disabled", // SST's default adds xray:Put* on Resource "*"
    environment,
  });
  // The event source grants the stream reads (and the table key's Decrypt for them) and
  // SendMessage on its on-failure queue.
  dispatcher.addEventSource(
    new DynamoEventSource(table.cdk.table, {
      // Outbox items written before the mapping existed are still dispatched.
      startingPosition: lambda.StartingPosition.TRIM_HORIZON,
      batchSize: 25,
      filters: [outboxInserts],
      reportBatchItemFailures: true,
      bisectBatchOnError: true,
      retryAttempts: dispatchRetryAttempts,
      onFailure: new SqsDlq(dispatchDeadLetters.cdk.queue),
    }),
  );
  const dispatcherRole = dispatcherAccess.role;
  // Deliveries and alerts are items of the one table; it lists the endpoints (gsi3) and nothing else.
  dispatcherRole.addToPrincipalPolicy(tableReadWrite(table, ["gsi3"]));
  dispatcherRole.addToPrincipalPolicy(tableKeyUse(tableKey, stack.region));
  allow(dispatcherRole, ["sqs:SendMessage"], [deliveryQueue.queueArn]);
  allow(dispatcherRole, ["sns:Publish"], [securityAlerts.topicArn]);
  NagSuppressions.addResourceSuppressions(dispatcher, [{ id: "AwsSolutions-L1", reason: nodeRuntimeReason }]);
  NagSuppressions.addResourceSuppressions(
    dispatcherRole,
    [
      {
        id: "AwsSolutions-IAM5",
        reason: "dynamodb:ListStreams, granted by CDK's DynamoDB event source, has no resource-level permissions",
        appliesTo: ["Resource::*"],
      },
    ],
    true,
  );

  // No VPC: a Lambda outside one cannot be limited to https egress (docs/deploy.md); the
  // sender refuses anything but https to a public address itself.
  const senderAccess = lambdaRole(stack, "Sender");
  const sender = new SstFunction(stack, "SenderFunction", {
    handler: "packages/functions/src/events-sender.handler",
    timeout: `${senderTimeout.toSeconds()} seconds`,
    memorySize: "512 MB",
    role: senderAccess.role,
    logGroup: senderAccess.logGroup,
    tracing: "disabled",
    environment,
  });
  const senderRole = senderAccess.role;
  // A delivery and its endpoint by id: no index.
  senderRole.addToPrincipalPolicy(tableReadWrite(table, []));
  senderRole.addToPrincipalPolicy(tableKeyUse(tableKey, stack.region));
  allow(senderRole, ["kms:Decrypt"], [secretsKey.keyArn]);
  // A retry is the message sent again with a delay (at most 15 minutes a hop).
  allow(senderRole, ["sqs:SendMessage"], [deliveryQueue.queueArn]);
  // An endpoint failing for 3 days is disabled with an alert.
  allow(senderRole, ["sns:Publish"], [securityAlerts.topicArn]);
  // The event source mapping grants the consumer's SQS actions on this queue only.
  deliveryQueue.addConsumer(stack, {
    cdk: { function: sender, eventSource: { ...deliveryBatch, reportBatchItemFailures: true } },
  });
  NagSuppressions.addResourceSuppressions(sender, [{ id: "AwsSolutions-L1", reason: nodeRuntimeReason }]);

  // The stream is read late (iterator age) or the dispatcher fails: events wait.
  const dispatchAlarms = [
    new cloudwatch.Alarm(stack, "DispatchIteratorAgeAlarm", {
      alarmDescription: "Events wait more than 5 minutes in the table's stream before the dispatcher reads them",
      metric: dispatcher.metric("IteratorAge", { period: Duration.minutes(5), statistic: "Maximum" }),
      threshold: Duration.minutes(5).toMilliseconds(),
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    }),
    new cloudwatch.Alarm(stack, "DispatchErrorsAlarm", {
      alarmDescription: "The events dispatcher failed (its stream batches are retried, then dead-lettered)",
      metric: dispatcher.metricErrors({ period: Duration.minutes(5), statistic: "Sum" }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    }),
  ];
  for (const alarm of dispatchAlarms) alarm.addAlarmAction(new actions.SnsAction(alerts));

  stack.addOutputs({
    DispatcherFunction: dispatcher.functionName,
    SenderFunction: sender.functionName,
    DeliveryQueueUrl: deliveryQueue.queueUrl,
    DeliveryDeadLetterQueueUrl: deliveryDeadLetters.queueUrl,
    DispatchDeadLetterQueueUrl: dispatchDeadLetters.queueUrl,
    SecurityAlertsTopic: securityAlerts.topicArn,
  });
  return { dispatcher, sender, deliveryQueue, deliveryDeadLetters, dispatchDeadLetters, securityAlerts, secretsKey };
}
