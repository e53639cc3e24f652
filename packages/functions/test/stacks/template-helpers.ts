import { Match, type Template } from "aws-cdk-lib/assertions";
import { expect } from "vitest";

export type Resource = { Type: string; Properties: Record<string, any>; [key: string]: any };

export const ref = (logicalId: string) => ({ Ref: logicalId });
export const arnOf = (logicalId: string) => ({ "Fn::GetAtt": [logicalId, "Arn"] });

/** The logical id of the one resource of `type` whose properties match `props`. */
export function idOf(template: Template, type: string, props: object): string {
  const ids = Object.keys(template.findResources(type, { Properties: props }));
  expect(ids, `${type} matching ${JSON.stringify(props)}`).toHaveLength(1);
  return ids[0]!;
}

export function resource(template: Template, logicalId: string): Resource {
  const found = template.toJSON().Resources?.[logicalId] as Resource | undefined;
  if (!found) throw new Error(`no resource ${logicalId}`);
  return found;
}

/** A reference to the role, as a Lambda function's `Role` holds it, back to the role's id. */
export function roleIdOf(fn: Resource): string {
  const role = fn.Properties.Role as { "Fn::GetAtt"?: [string, string] };
  const id = role["Fn::GetAtt"]?.[0];
  if (!id) throw new Error(`function role is not a role in this stack: ${JSON.stringify(role)}`);
  return id;
}

export interface Statement {
  Effect: string;
  Action?: string | string[];
  NotAction?: unknown;
  Resource?: unknown;
  NotResource?: unknown;
  Principal?: unknown;
  Condition?: unknown;
}

/** Every statement of every policy that applies to the role: its own, attached and managed. */
export function roleStatements(template: Template, roleId: string): { statements: Statement[]; managed: unknown[] } {
  const role = resource(template, roleId);
  const inline = (role.Properties.Policies ?? []) as { PolicyDocument: { Statement: Statement[] } }[];
  const attached = Object.values(template.findResources("AWS::IAM::Policy")).filter((policy) =>
    (policy.Properties.Roles as unknown[]).some((r) => JSON.stringify(r) === JSON.stringify(ref(roleId))),
  );
  const managedPolicies = Object.values(template.findResources("AWS::IAM::ManagedPolicy")).filter((policy) =>
    ((policy.Properties.Roles ?? []) as unknown[]).some((r) => JSON.stringify(r) === JSON.stringify(ref(roleId))),
  );
  const statements = [
    ...inline,
    ...attached.map((p) => p.Properties),
    ...managedPolicies.map((p) => p.Properties),
  ].flatMap((p) => p.PolicyDocument.Statement as Statement[]);
  return { statements, managed: (role.Properties.ManagedPolicyArns ?? []) as unknown[] };
}

export const asList = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/** The production bucket: the one versioned bucket with CORS (the admin's preview). */
export const productionBucket = (storage: Template) =>
  idOf(storage, "AWS::S3::Bucket", { VersioningConfiguration: Match.anyValue(), CorsConfiguration: Match.anyValue() });
