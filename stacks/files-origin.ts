import { Duration, type Stack } from "aws-cdk-lib";
import * as acm from "aws-cdk-lib/aws-certificatemanager";
import * as cloudfront from "aws-cdk-lib/aws-cloudfront";
import * as origins from "aws-cdk-lib/aws-cloudfront-origins";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as s3 from "aws-cdk-lib/aws-s3";
import { NagSuppressions } from "cdk-nag";
import type { App } from "sst/constructs";
import { optional, required, siteOrigin } from "./settings";

/**
 * Where the private key that signs download URLs is kept: an SSM SecureString the operator
 * creates (CloudFormation cannot create one), read by the API once per container.
 */
export const filesSigningKeyParameter = (app: App) => `/${app.name}/${app.stage}/files-signing-key`;

/**
 * The files origin: CloudFront in front of the production bucket, serving only URLs signed
 * by the API's key, as attachments the browser will not render in the site's origin. Caching
 * is off: a download is rare and one person's, a rejected file must stop being served at once,
 * and nothing is kept at the edge after the link expires.
 */
export function filesOrigin(
  stack: Stack,
  app: App,
  bucket: s3.IBucket,
  readers: { roleNames: string[]; webAclArn?: string },
) {
  const publicKey = new cloudfront.PublicKey(stack, "FilesPublicKey", {
    comment: "Checks the API's signature on download URLs",
    encodedKey: required(app, "INTAKE_FILES_PUBLIC_KEY_PEM", '"$(cat files-public.pem)"'),
  });
  const keyGroup = new cloudfront.KeyGroup(stack, "FilesKeyGroup", { items: [publicKey] });

  const headers = new cloudfront.ResponseHeadersPolicy(stack, "FilesHeaders", {
    comment: "Downloads: attachments that cannot run in any origin, never stored by the browser",
    securityHeadersBehavior: {
      contentTypeOptions: { override: true },
      contentSecurityPolicy: { contentSecurityPolicy: "sandbox; default-src 'none'", override: true },
      referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.NO_REFERRER, override: true },
      strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: true, override: true },
    },
    customHeadersBehavior: {
      customHeaders: [
        { header: "Cross-Origin-Resource-Policy", value: "same-site", override: true },
        { header: "Cache-Control", value: "private, no-store", override: true },
      ],
    },
    // The admin's preview fetch()es a file under review from the site.
    corsBehavior: {
      accessControlAllowOrigins: [siteOrigin(app)],
      accessControlAllowMethods: ["GET", "HEAD"],
      accessControlAllowHeaders: ["*"],
      accessControlAllowCredentials: false,
      originOverride: true,
    },
  });

  const domain = filesDomain(stack);
  const distribution = new cloudfront.Distribution(stack, "Files", {
    comment: `${app.name} ${app.stage} files: signed downloads`,
    defaultBehavior: {
      // Grants CloudFront s3:GetObject (and kms:Decrypt on the bucket's key) for this distribution.
      origin: origins.S3BucketOrigin.withOriginAccessControl(bucket, {
        originAccessLevels: [cloudfront.AccessLevel.READ],
      }),
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
      cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
      responseHeadersPolicy: headers,
      trustedKeyGroups: [keyGroup],
    },
    domainNames: domain && [domain.name],
    certificate: domain?.certificate,
    minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
    httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
    webAclId: readers.webAclArn,
  });

  NagSuppressions.addResourceSuppressions(distribution, [
    {
      id: "AwsSolutions-CFR3",
      reason:
        "Standard logging needs a log bucket with ACLs, which Intake disables; each link is asked of the API, which logs it",
    },
    {
      id: "AwsSolutions-CFR4",
      reason:
        "Without INTAKE_FILES_DOMAIN it answers on cloudfront.net, whose TLS policy CloudFront sets; with it, TLSv1.2_2021",
    },
  ]);

  // Nobody else reads production: every GET not from this distribution is refused, but for
  // the named roles that must (the scanner checks its copies, the processor re-encodes).
  bucket.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: "ReadOnlyThroughTheFilesOrigin",
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ["s3:GetObject", "s3:GetObjectVersion"],
      resources: [bucket.arnForObjects("*")],
      conditions: {
        StringNotEquals: { "aws:SourceArn": distribution.distributionArn },
        ArnNotEquals: {
          "aws:PrincipalArn": readers.roleNames.map(
            (name) => `arn:${stack.partition}:iam::${stack.account}:role/${name}`,
          ),
        },
      },
    }),
  );

  return {
    distribution,
    publicKey,
    /** What the API signs URLs for. */
    origin: `https://${domain?.name ?? distribution.distributionDomainName}`,
    keyPairId: publicKey.publicKeyId,
    privateKeyParameter: filesSigningKeyParameter(app),
  };
}

/** INTAKE_FILES_DOMAIN with its certificate (us-east-1, as CloudFront requires); else cloudfront.net. */
function filesDomain(stack: Stack) {
  const name = optional("INTAKE_FILES_DOMAIN");
  const certificateArn = optional("INTAKE_FILES_CERTIFICATE_ARN");
  if (!name && !certificateArn) return undefined;
  if (!name || !certificateArn) {
    throw new Error("Set INTAKE_FILES_DOMAIN and INTAKE_FILES_CERTIFICATE_ARN together, or neither");
  }
  return { name, certificate: acm.Certificate.fromCertificateArn(stack, "FilesCertificate", certificateArn) };
}
