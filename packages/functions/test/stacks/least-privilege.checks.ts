import type { Template } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import { asList, idOf, resource, roleIdOf, roleStatements } from "./template-helpers";

/** Each function Intake runs, as its stack's template identifies it. */
const functions = {
  api: { stack: "Api", props: { Handler: "packages/functions/src/api.handler" } },
  scanner: { stack: "Scanner", props: { ImageConfig: { Command: ["scan.handler"] } } },
  "signature updater": { stack: "Scanner", props: { ImageConfig: { Command: ["signatures.handler"] } } },
  sweeper: { stack: "Scanner", props: { Handler: "packages/functions/src/sweeper.handler" } },
  // The events dispatcher is checked in events.checks.ts: its event source needs dynamodb:ListStreams on *.
  "events sender": { stack: "Events", props: { Handler: "packages/functions/src/events-sender.handler" } },
} as const;

/** A resource that names something: a reference to a resource of this app, maybe with a key pattern appended. */
const referencesAResource = (value: unknown) => /"(Ref|Fn::GetAtt|Fn::ImportValue)"/.test(JSON.stringify(value));

export function leastPrivilegeChecks(templates: () => Record<"Api" | "Scanner" | "Events", Template>) {
  for (const [name, { stack, props }] of Object.entries(functions)) {
    describe(`the ${name} function's role`, () => {
      const policies = () => {
        const template = templates()[stack];
        const fn = resource(template, idOf(template, "AWS::Lambda::Function", props));
        return roleStatements(template, roleIdOf(fn));
      };

      it("has no managed policies (AWSLambdaBasicExecutionRole allows logs on Resource *)", () => {
        expect(policies().managed).toEqual([]);
      });

      it("allows named actions on named resources only: no * action or resource, no Not*", () => {
        const { statements } = policies();
        expect(statements.length).toBeGreaterThan(1);
        for (const statement of statements) {
          expect(statement.Effect).toBe("Allow");
          expect(statement.NotAction).toBeUndefined();
          expect(statement.NotResource).toBeUndefined();
          for (const action of asList(statement.Action)) expect(action, JSON.stringify(statement)).not.toContain("*");
          const resources = asList(statement.Resource);
          expect(resources.length).toBeGreaterThan(0);
          for (const target of resources) {
            expect(target).not.toBe("*");
            expect(referencesAResource(target), JSON.stringify(target)).toBe(true);
          }
        }
      });

      it("writes logs only to its own log group", () => {
        const template = templates()[stack];
        const fn = resource(template, idOf(template, "AWS::Lambda::Function", props));
        const logGroup = fn.Properties.LoggingConfig.LogGroup.Ref as string;
        const logging = policies().statements.filter((s) => asList(s.Action).some((a) => a.startsWith("logs:")));
        expect(logging).toEqual([
          {
            Effect: "Allow",
            Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
            Resource: { "Fn::GetAtt": [logGroup, "Arn"] },
          },
        ]);
      });
    });
  }
}

export function bucketChecks(templates: () => Record<string, Template>) {
  it("every bucket of every stack blocks all public access, is encrypted and refuses plain HTTP", () => {
    let count = 0;
    for (const template of Object.values(templates())) {
      const policies = Object.values(template.findResources("AWS::S3::BucketPolicy"));
      for (const [id, bucket] of Object.entries(template.findResources("AWS::S3::Bucket"))) {
        count++;
        expect(bucket.Properties.PublicAccessBlockConfiguration, id).toEqual({
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        });
        expect(bucket.Properties.BucketEncryption, id).toBeDefined();
        const policy = policies.find((p) => JSON.stringify(p.Properties.Bucket) === JSON.stringify({ Ref: id }));
        expect(policy?.Properties.PolicyDocument.Statement, id).toContainEqual(
          expect.objectContaining({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
        );
      }
    }
    // staging, production, quarantine, access logs, audit logs, signatures, the site's, production's replica.
    expect(count).toBe(8);
  });
}
