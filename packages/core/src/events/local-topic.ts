// Local mode's alerts topic (fauxqs's SNS), with a queue subscribed to it as an email address
// is on AWS. Here, not in packages/local, because core is the package with the SNS client.
import { CreateTopicCommand, SNSClient, SubscribeCommand } from "@aws-sdk/client-sns";

export async function createSubscribedTopic(
  config: { endpoint: string; region: string },
  name: string,
  queueArn: string,
): Promise<string> {
  const sns = new SNSClient({ ...config, credentials: { accessKeyId: "local", secretAccessKey: "local" } });
  try {
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: name }));
    await sns.send(
      new SubscribeCommand({
        TopicArn,
        Protocol: "sqs",
        Endpoint: queueArn,
        Attributes: { RawMessageDelivery: "true" },
      }),
    );
    return TopicArn ?? "";
  } finally {
    sns.destroy();
  }
}
