import { Match, type Template } from "aws-cdk-lib/assertions";
import { expect, it } from "vitest";
import { filesPublicKey, siteOrigin } from "./synth";
import { arnOf, idOf, productionBucket, ref, resource } from "./template-helpers";

export function filesOriginChecks(storage: () => Template) {
  const production = () => productionBucket(storage());
  const distribution = () => idOf(storage(), "AWS::CloudFront::Distribution", {});
  const config = () => resource(storage(), distribution()).Properties.DistributionConfig;

  it("a distribution reads the production bucket through origin access control, HTTPS, GET and HEAD only", () => {
    const oac = idOf(storage(), "AWS::CloudFront::OriginAccessControl", {});
    expect(resource(storage(), oac).Properties.OriginAccessControlConfig).toMatchObject({
      OriginAccessControlOriginType: "s3",
      SigningBehavior: "always",
      SigningProtocol: "sigv4",
    });
    expect(config().Origins).toEqual([
      expect.objectContaining({
        DomainName: { "Fn::GetAtt": [production(), "RegionalDomainName"] },
        OriginAccessControlId: { "Fn::GetAtt": [oac, "Id"] },
      }),
    ]);
    expect(config().DefaultCacheBehavior).toMatchObject({
      ViewerProtocolPolicy: "https-only",
      AllowedMethods: ["GET", "HEAD"],
      // The managed CachingDisabled: nothing is kept at the edge, so nothing outlives its link.
      CachePolicyId: "4135ea2d-6df8-44a3-9df3-4b5a84be39ad",
    });
    expect(config().DefaultCacheBehavior.OriginRequestPolicyId).toBeUndefined();
    expect(config().CacheBehaviors).toBeUndefined();
  });

  it("serves only URLs signed with the deployment's key: a key group of the configured public key", () => {
    const publicKey = idOf(storage(), "AWS::CloudFront::PublicKey", {});
    expect(resource(storage(), publicKey).Properties.PublicKeyConfig.EncodedKey).toBe(filesPublicKey.trim());
    const keyGroup = idOf(storage(), "AWS::CloudFront::KeyGroup", {});
    expect(resource(storage(), keyGroup).Properties.KeyGroupConfig.Items).toEqual([ref(publicKey)]);
    expect(config().DefaultCacheBehavior.TrustedKeyGroups).toEqual([ref(keyGroup)]);
  });

  it("answers with headers that keep a file from running anywhere or being stored", () => {
    const policy = idOf(storage(), "AWS::CloudFront::ResponseHeadersPolicy", {});
    expect(config().DefaultCacheBehavior.ResponseHeadersPolicyId).toEqual(ref(policy));
    const headers = resource(storage(), policy).Properties.ResponseHeadersPolicyConfig;
    expect(headers.SecurityHeadersConfig).toEqual({
      ContentTypeOptions: { Override: true },
      ContentSecurityPolicy: { ContentSecurityPolicy: "sandbox; default-src 'none'", Override: true },
      ReferrerPolicy: { ReferrerPolicy: "no-referrer", Override: true },
      StrictTransportSecurity: { AccessControlMaxAgeSec: 31536000, IncludeSubdomains: true, Override: true },
    });
    expect(headers.CustomHeadersConfig.Items).toEqual([
      { Header: "Cross-Origin-Resource-Policy", Value: "same-site", Override: true },
      { Header: "Cache-Control", Value: "private, no-store", Override: true },
    ]);
    // The admin's preview fetches from the site, and only from it.
    expect(headers.CorsConfig).toMatchObject({
      AccessControlAllowOrigins: { Items: [siteOrigin] },
      AccessControlAllowMethods: { Items: ["GET", "HEAD"] },
      AccessControlAllowCredentials: false,
    });
  });

  it("the bucket policy lets this distribution read, and refuses every other read but the scanner's and the processor's", () => {
    // CDK's grant names the account by reference, the stack's own statement by value: one ARN.
    const distributionArn = {
      "Fn::Join": [
        "",
        [
          "arn:",
          { Ref: "AWS::Partition" },
          ":cloudfront::",
          { Ref: "AWS::AccountId" },
          ":distribution/",
          ref(distribution()),
        ],
      ],
    };
    const sameDistribution = {
      "Fn::Join": [
        "",
        ["arn:", { Ref: "AWS::Partition" }, ":cloudfront::my-account:distribution/", ref(distribution())],
      ],
    };
    const role = (name: string) => ({
      "Fn::Join": ["", ["arn:", { Ref: "AWS::Partition" }, `:iam::my-account:role/${name}`]],
    });
    storage().hasResourceProperties("AWS::S3::BucketPolicy", {
      Bucket: ref(production()),
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: "Allow",
            Principal: { Service: "cloudfront.amazonaws.com" },
            Action: "s3:GetObject",
            Condition: { StringEquals: { "AWS:SourceArn": distributionArn } },
          }),
          Match.objectLike({
            Sid: "ReadOnlyThroughTheFilesOrigin",
            Effect: "Deny",
            Principal: { AWS: "*" },
            Action: ["s3:GetObject", "s3:GetObjectVersion"],
            Resource: { "Fn::Join": ["", [arnOf(production()), "/*"]] },
            Condition: {
              StringNotEquals: { "aws:SourceArn": sameDistribution },
              ArnNotEquals: { "aws:PrincipalArn": [role("test-intake-scanner"), role("test-intake-processor")] },
            },
          }),
        ]),
      },
    });
    // Writes are not refused: the deny names reads only.
    const policy = Object.values(storage().findResources("AWS::S3::BucketPolicy")).find(
      (p) => JSON.stringify(p.Properties.Bucket) === JSON.stringify(ref(production())),
    )!;
    const denied = policy.Properties.PolicyDocument.Statement.filter((s: { Effect: string }) => s.Effect === "Deny");
    expect(JSON.stringify(denied)).not.toContain("s3:PutObject");
  });

  it("CloudFront may decrypt production files with the bucket's key", () => {
    const key = idOf(storage(), "AWS::KMS::Key", { Description: Match.stringLikeRegexp("production files") });
    expect(resource(storage(), key).Properties.KeyPolicy.Statement).toContainEqual(
      expect.objectContaining({
        Effect: "Allow",
        Principal: { Service: "cloudfront.amazonaws.com" },
        Action: "kms:Decrypt",
      }),
    );
  });

  it("a WAF web ACL (scope CLOUDFRONT) blocks an IP address past its rate, and guards this distribution", () => {
    const acl = idOf(storage(), "AWS::WAFv2::WebACL", {});
    expect(resource(storage(), acl).Properties).toMatchObject({
      Scope: "CLOUDFRONT",
      DefaultAction: { Allow: {} },
      Rules: [
        {
          Name: "requests-per-ip",
          Action: { Block: {} },
          Statement: { RateBasedStatement: { Limit: 1000, AggregateKeyType: "IP", EvaluationWindowSec: 300 } },
        },
      ],
    });
    expect(config().WebACLId).toEqual(arnOf(acl));
  });
}
