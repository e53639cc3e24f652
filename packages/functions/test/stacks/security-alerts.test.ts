// The security alerts topic with and without INTAKE_SECURITY_ALERT_EMAIL. The whole app is
// synthesised once (stacks.test.ts, without the email); here only the topic, in a stack of its own.
import { App, Stack } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { expect, it } from "vitest";
import { securityAlertsTopic } from "../../../../stacks/security-alerts";

function topicTemplate(email: string | undefined): Template {
  const stack = new Stack(new App(), "Topic", { env: { account: "123456789012", region: "us-east-1" } });
  securityAlertsTopic(stack, email);
  return Template.fromStack(stack);
}

it("subscribes the configured address to the security alerts topic by email", () => {
  const template = topicTemplate("security@example.com");
  template.resourceCountIs("AWS::SNS::Subscription", 1);
  template.hasResourceProperties("AWS::SNS::Subscription", { Protocol: "email", Endpoint: "security@example.com" });
});

it("has no subscription when no address is configured, and is encrypted either way", () => {
  const template = topicTemplate(undefined);
  template.resourceCountIs("AWS::SNS::Subscription", 0);
  const topic = Object.values(template.findResources("AWS::SNS::Topic"))[0]!;
  expect(JSON.stringify(topic.Properties.KmsMasterKeyId)).toContain(":alias/aws/sns");
});
