import { Match, type Template } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import { asList, idOf, ref, resource, roleIdOf, roleStatements, type Statement } from "./template-helpers";

/**
 * A resource as a policy names it, short: `DeliveryQueue` (this stack), `Storage:Table.StreamArn`
 * (another stack's export), `Storage:Table/index/gsi1`, `*`. Logical ids lose their hash.
 */
function short(value: unknown): string {
  if (typeof value === "string") return value;
  const v = value as Record<string, any>;
  const unhashed = (id: string) => id.replace(/[0-9A-F]{8}$/, "");
  if (v.Ref) return unhashed(v.Ref);
  if (v["Fn::GetAtt"]) {
    const [id, attribute] = v["Fn::GetAtt"] as [string, string];
    return attribute === "Arn" ? unhashed(id) : `${unhashed(id)}.${attribute}`;
  }
  if (v["Fn::ImportValue"]) {
    const [, stack, id, attribute] =
      /-(\w+):ExportsOutput(?:FnGetAtt|Ref)(\w+?)[0-9A-F]{8}(\w*?)[0-9A-F]{8}$/.exec(v["Fn::ImportValue"]) ?? [];
    if (!stack) throw new Error(`unrecognised export ${v["Fn::ImportValue"]}`);
    return `${stack}:${id}${attribute && attribute !== "Arn" ? `.${attribute}` : ""}`;
  }
  if (v["Fn::Join"]) return (v["Fn::Join"][1] as unknown[]).map(short).join("");
  throw new Error(`unrecognised resource ${JSON.stringify(value)}`);
}

/** Every grant of the statements as "action on resource", "(via DynamoDB)" when the key may be used only through it. */
function grants(statements: Statement[]): string[] {
  return statements
    .flatMap((s) => {
      expect(s.Effect).toBe("Allow");
      expect(s.NotAction ?? s.NotResource).toBeUndefined();
      const via = s.Condition ? ` (via ${JSON.stringify(s.Condition)})` : "";
      return asList(s.Action as string | string[]).flatMap((action) =>
        asList(s.Resource).map((target) => `${action} on ${short(target)}${via}`),
      );
    })
    .sort();
}

const expand = (actions: string[], resources: string[], via = "") =>
  actions.flatMap((action) => resources.map((target) => `${action} on ${target}${via}`));
const viaDynamoDb = ` (via ${JSON.stringify({ StringEquals: { "kms:ViaService": "dynamodb.us-east-1.amazonaws.com" } })})`;

const tableActions = [
  "dynamodb:GetItem",
  "dynamodb:PutItem",
  "dynamodb:UpdateItem",
  "dynamodb:DeleteItem",
  "dynamodb:ConditionCheckItem",
  "dynamodb:BatchGetItem",
  "dynamodb:BatchWriteItem",
  "dynamodb:Query",
];
/** The table's items and the indexes named, and its key through DynamoDB only. */
const tableUse = (...indexes: string[]) => [
  ...expand(tableActions, ["Storage:Table", ...indexes.map((index) => `Storage:Table/index/${index}`)]),
  ...expand(
    ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:DescribeKey"],
    ["Storage:TableKey"],
    viaDynamoDb,
  ),
];

const eventsVariables = ["INTAKE_DELIVERY_QUEUE_URL", "INTAKE_ALERTS_TOPIC_ARN", "INTAKE_WEBHOOK_SECRETS_KEY_ID"];

export function eventsChecks(events: () => Template, storage: () => Template, api: () => Template) {
  const fn = (handler: string) => resource(events(), idOf(events(), "AWS::Lambda::Function", { Handler: handler }));
  const dispatcher = () => fn("packages/functions/src/events-dispatcher.handler");
  const sender = () => fn("packages/functions/src/events-sender.handler");
  const queueId = (prefix: string) => {
    const ids = Object.keys(events().findResources("AWS::SQS::Queue")).filter((id) => id.startsWith(prefix));
    expect(ids, prefix).toHaveLength(1);
    return ids[0]!;
  };
  /** A queue as short() names it. */
  const queue = (prefix: string) => short(ref(queueId(prefix)));
  const mapping = (fnId: string) => {
    const found = events().findResources("AWS::Lambda::EventSourceMapping", {
      Properties: { FunctionName: ref(fnId) },
    });
    expect(Object.keys(found)).toHaveLength(1);
    return Object.values(found)[0]!.Properties as Record<string, any>;
  };
  const idOfFn = (handler: string) => idOf(events(), "AWS::Lambda::Function", { Handler: handler });

  it("the table streams new and old images", () => {
    storage().hasResourceProperties("AWS::DynamoDB::Table", {
      StreamSpecification: { StreamViewType: "NEW_AND_OLD_IMAGES" },
    });
  });

  it("the dispatcher reads the stream from its oldest record, only for inserted outbox items", () => {
    const source = mapping(idOfFn("packages/functions/src/events-dispatcher.handler"));
    expect(short(source.EventSourceArn)).toBe("Storage:Table.StreamArn");
    expect(source.StartingPosition).toBe("TRIM_HORIZON");
    expect(source.FilterCriteria.Filters.map((f: { Pattern: string }) => JSON.parse(f.Pattern))).toEqual([
      { eventName: ["INSERT"], dynamodb: { NewImage: { __edb_e__: { S: ["event"] } } } },
    ]);
  });

  it("a failing stream batch is reported by item, halved, tried at most 10 times, then its position dead-lettered", () => {
    const source = mapping(idOfFn("packages/functions/src/events-dispatcher.handler"));
    expect(source).toMatchObject({
      FunctionResponseTypes: ["ReportBatchItemFailures"],
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 10,
    });
    expect(short(source.DestinationConfig.OnFailure.Destination)).toBe(queue("DispatchDeadLetters"));
  });

  it("the sender consumes the delivery queue 10 at a time, at most 10 at once, reporting batch item failures", () => {
    const source = mapping(idOfFn("packages/functions/src/events-sender.handler"));
    expect(short(source.EventSourceArn)).toBe(queue("DeliveryQueue"));
    expect(source).toMatchObject({
      BatchSize: 10,
      ScalingConfig: { MaximumConcurrency: 10 },
      FunctionResponseTypes: ["ReportBatchItemFailures"],
    });
    expect(sender().Properties).toMatchObject({ Timeout: 120 });
    expect(sender().Properties.VpcConfig).toBeUndefined();
  });

  it("the delivery queue dead-letters after 5 receives, waits 6× the sender's timeout, and is encrypted and TLS only", () => {
    const delivery = resource(events(), queueId("DeliveryQueue")).Properties;
    expect(delivery.VisibilityTimeout).toBe(6 * 120);
    expect(delivery.RedrivePolicy.maxReceiveCount).toBe(5);
    expect(short(delivery.RedrivePolicy.deadLetterTargetArn)).toBe(queue("DeliveryDeadLetters"));
    for (const id of [queueId("DeliveryQueue"), queueId("DeliveryDeadLetters"), queueId("DispatchDeadLetters")]) {
      expect(resource(events(), id).Properties.SqsManagedSseEnabled, id).toBe(true);
      events().hasResourceProperties("AWS::SQS::QueuePolicy", {
        Queues: [ref(id)],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
          ]),
        },
      });
    }
  });

  it("alarms on both dead-letter queues, the dispatcher's iterator age and its errors, to the operators' topic", () => {
    const alarms = Object.values(events().findResources("AWS::CloudWatch::Alarm")).map((a) => a.Properties);
    const on = (metric: string, dimension: string) =>
      alarms.filter((a) => a.MetricName === metric && short(a.Dimensions[0].Value) === dimension);
    expect(on("ApproximateNumberOfMessagesVisible", `${queue("DeliveryDeadLetters")}.QueueName`)).toHaveLength(1);
    expect(on("ApproximateNumberOfMessagesVisible", `${queue("DispatchDeadLetters")}.QueueName`)).toHaveLength(1);
    const dispatcherId = idOfFn("packages/functions/src/events-dispatcher.handler").replace(/[0-9A-F]{8}$/, "");
    expect(on("IteratorAge", dispatcherId)).toMatchObject([{ Threshold: 5 * 60 * 1000, Statistic: "Maximum" }]);
    expect(on("Errors", dispatcherId)).toMatchObject([{ Threshold: 1, Statistic: "Sum" }]);
    expect(alarms).toHaveLength(4);
    for (const alarm of alarms) expect(alarm.AlarmActions.map(short)).toEqual(["Storage:Alerts"]);
  });

  it("the security alerts topic is encrypted with SNS's key, TLS only, and has no subscription when no email is set", () => {
    const topics = events().findResources("AWS::SNS::Topic");
    expect(Object.keys(topics)).toHaveLength(1);
    expect(JSON.stringify(Object.values(topics)[0]!.Properties.KmsMasterKeyId)).toContain(":alias/aws/sns");
    events().hasResourceProperties("AWS::SNS::TopicPolicy", {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
        ]),
      },
    });
    events().resourceCountIs("AWS::SNS::Subscription", 0);
  });

  it("the endpoint secrets' key rotates and is kept when the stack is removed", () => {
    const key = resource(events(), idOf(events(), "AWS::KMS::Key", { Description: Match.stringLikeRegexp("webhook") }));
    expect(key).toMatchObject({ DeletionPolicy: "Retain", Properties: { EnableKeyRotation: true } });
  });

  it("the dispatcher, the sender and the API know the queue, the topic and the key; deployed, endpoints must be public", () => {
    const apiFn = resource(
      api(),
      idOf(api(), "AWS::Lambda::Function", { Handler: "packages/functions/src/api.handler" }),
    );
    const expected = {
      INTAKE_DELIVERY_QUEUE_URL: "DeliveryQueue",
      INTAKE_ALERTS_TOPIC_ARN: "SecurityAlerts",
      INTAKE_WEBHOOK_SECRETS_KEY_ID: "WebhookSecretsKey",
    };
    for (const [name, env, stack] of [
      ["dispatcher", dispatcher().Properties.Environment.Variables, ""],
      ["sender", sender().Properties.Environment.Variables, ""],
      ["api", apiFn.Properties.Environment.Variables, "Events:"],
    ] as const) {
      // Local mode's setting: unset, its default (no loopback, no private addresses, https only) holds.
      expect(env.INTAKE_WEBHOOK_ALLOW_LOOPBACK, name).toBeUndefined();
      expect(env.INTAKE_TABLE, name).toBeDefined();
      for (const variable of eventsVariables) {
        expect(short(env[variable]), `${name} ${variable}`).toBe(
          `${stack}${expected[variable as keyof typeof expected]}`,
        );
      }
    }
  });

  describe("least privilege", () => {
    const grantsOf = (template: Template, fnResource: ReturnType<typeof resource>) => {
      const { statements, managed } = roleStatements(template, roleIdOf(fnResource));
      expect(managed).toEqual([]);
      return grants(statements);
    };

    it("the dispatcher: its logs, the stream, the table, queue deliveries, publish alerts, dead-letter batch positions", () => {
      expect(grantsOf(events(), dispatcher())).toEqual(
        [
          ...expand(["logs:CreateLogStream", "logs:PutLogEvents"], ["DispatcherLogs"]),
          // CDK's DynamoDB event source: ListStreams has no resource-level permission.
          "dynamodb:ListStreams on *",
          ...expand(
            ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"],
            ["Storage:Table.StreamArn"],
          ),
          ...expand(["kms:Decrypt", "kms:DescribeKey"], ["Storage:TableKey"]),
          // Its on-failure destination.
          ...expand(["sqs:SendMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl"], [queue("DispatchDeadLetters")]),
          // Endpoints are listed from gsi3.
          ...tableUse("gsi3"),
          `sqs:SendMessage on ${queue("DeliveryQueue")}`,
          "sns:Publish on SecurityAlerts",
        ].sort(),
      );
    });

    it("the sender: its logs, the delivery queue (consume, send again later), the table, decrypt secrets, publish alerts", () => {
      const deliveryQueue = queue("DeliveryQueue");
      expect(grantsOf(events(), sender())).toEqual(
        [
          ...expand(["logs:CreateLogStream", "logs:PutLogEvents"], ["SenderLogs"]),
          ...expand(
            [
              "sqs:ReceiveMessage",
              "sqs:ChangeMessageVisibility",
              "sqs:GetQueueUrl",
              "sqs:DeleteMessage",
              "sqs:GetQueueAttributes",
            ],
            [deliveryQueue],
          ),
          `sqs:SendMessage on ${deliveryQueue}`,
          // A delivery and its endpoint by id.
          ...tableUse(),
          "kms:Decrypt on WebhookSecretsKey",
          "sns:Publish on SecurityAlerts",
        ].sort(),
      );
    });

    it("the API may encrypt endpoint secrets but not decrypt them, and queue deliveries; nothing else of events out", () => {
      const apiFn = resource(
        api(),
        idOf(api(), "AWS::Lambda::Function", { Handler: "packages/functions/src/api.handler" }),
      );
      const events = grantsOf(api(), apiFn).filter((grant) => grant.includes(" on Events:"));
      expect(events).toEqual([
        "kms:Encrypt on Events:WebhookSecretsKey",
        `sqs:SendMessage on Events:${queue("DeliveryQueue")}`,
      ]);
    });
  });
}
