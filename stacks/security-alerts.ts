import * as kms from "aws-cdk-lib/aws-kms";
import * as sns from "aws-cdk-lib/aws-sns";
import * as subscriptions from "aws-cdk-lib/aws-sns-subscriptions";
import type { Construct } from "constructs";

/**
 * The security team's topic: one message per quarantine. Encrypted with SNS's AWS-managed key,
 * whose key policy already lets this account's principals use it through SNS, so a publisher
 * needs sns:Publish and nothing on KMS. (CloudWatch alarms cannot publish to a topic under
 * that key: the operators' alarms go to the Alerts topic instead.) `email`, when given, is
 * subscribed; AWS sends it a confirmation first.
 */
export function securityAlertsTopic(scope: Construct, email: string | undefined): sns.Topic {
  const topic = new sns.Topic(scope, "SecurityAlerts", {
    displayName: "Intake security alerts",
    masterKey: kms.Alias.fromAliasName(scope, "SnsManagedKey", "alias/aws/sns"),
    enforceSSL: true,
  });
  if (email) topic.addSubscription(new subscriptions.EmailSubscription(email));
  return topic;
}
