import { Fn } from "aws-cdk-lib";
import * as acm from "aws-cdk-lib/aws-certificatemanager";
import * as cloudfront from "aws-cdk-lib/aws-cloudfront";
import * as origins from "aws-cdk-lib/aws-cloudfront-origins";
import * as s3 from "aws-cdk-lib/aws-s3";
import { NagSuppressions } from "cdk-nag";
import { StaticSite, use, type App, type StackContext, type StaticSiteProps } from "sst/constructs";
import { Api, originVerifyHeader } from "./Api";
import { Auth } from "./Auth";
import { optional, siteOrigin } from "./settings";
import { Storage } from "./Storage";

export function Web({ stack, app }: StackContext) {
  const { api, originSecret } = use(Api);
  const auth = use(Auth);
  const { webAclArn } = use(Storage);

  // The API on the site's own origin, as in local mode: /trpc/* goes to API Gateway, never
  // cached, with every header (the token included) and query string but Host, and with the
  // secret header the API checks so that its own URL answers nobody else.
  const apiOrigin = new origins.HttpOrigin(Fn.select(2, Fn.split("/", api.url)), {
    protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
    originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
    customHeaders: { [originVerifyHeader]: originSecret.secretValue.unsafeUnwrap() },
  });

  const site = new StaticSite(stack, "Site", {
    path: "packages/web",
    buildCommand: "npm run build",
    buildOutput: "dist",
    // Client-side routes (/admin, /auth/callback) are served index.html.
    errorPage: "redirect_to_index_page",
    customDomain: customDomain(stack, app),
    // Built with placeholders that SST replaces with the deployed values when it uploads.
    environment: {
      // Deployed, the SPA calls /trpc on its own origin; `sst dev`'s Vite calls the API's URL.
      ...(app.mode === "dev" ? { VITE_API_URL: api.url } : {}),
      VITE_COGNITO_AUTHORITY: auth.issuer,
      VITE_COGNITO_CLIENT_ID: auth.clientId,
      VITE_COGNITO_DOMAIN: auth.hostedUiUrl,
      VITE_COGNITO_REDIRECT_URI: auth.callbackUrl,
      VITE_COGNITO_LOGOUT_URI: auth.logoutUrl,
    },
    // SST writes typings for these variables; keep them out of packages/web/src.
    vite: { types: "../../.sst/web-env.d.ts" },
    // `sst dev` deploys no site: run Vite locally (`npx sst bind vite` in packages/web).
    dev: { deploy: false, url: siteOrigin(app) },
    cdk: {
      bucket: { encryption: s3.BucketEncryption.S3_MANAGED, enforceSSL: true },
      distribution: {
        defaultBehavior: { responseHeadersPolicy: cloudfront.ResponseHeadersPolicy.SECURITY_HEADERS },
        additionalBehaviors: {
          "/trpc/*": {
            origin: apiOrigin,
            viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
            allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
            cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
            originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
            responseHeadersPolicy: cloudfront.ResponseHeadersPolicy.SECURITY_HEADERS,
          },
        },
        minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
        webAclId: webAclArn,
      },
    },
  });

  NagSuppressions.addResourceSuppressions(site.cdk!.bucket, [
    { id: "AwsSolutions-S1", reason: "The SPA's build output, public by nature and readable only through CloudFront" },
  ]);
  NagSuppressions.addResourceSuppressions(site.cdk!.distribution, [
    {
      id: "AwsSolutions-CFR3",
      reason: "Standard logging needs a log bucket with ACLs, which Intake disables; the API logs its own requests",
    },
    {
      id: "AwsSolutions-CFR4",
      reason: "Without INTAKE_SITE_CERTIFICATE_ARN it answers on cloudfront.net, whose TLS policy CloudFront sets",
    },
    { id: "AwsSolutions-CFR7", reason: "SST v2's StaticSite reaches its bucket with an origin access identity" },
  ]);

  stack.addOutputs({ SiteUrl: site.customDomainUrl ?? site.url ?? siteOrigin(app) });
  return { site };
}

/**
 * With INTAKE_SITE_CERTIFICATE_ARN (an ACM certificate in us-east-1 for the origin's host)
 * CloudFront answers on INTAKE_SITE_ORIGIN's host and you point its DNS at the distribution.
 * Without it the site is served on its cloudfront.net name, which INTAKE_SITE_ORIGIN must then be.
 */
function customDomain(stack: StackContext["stack"], app: App): StaticSiteProps["customDomain"] {
  const certificateArn = optional("INTAKE_SITE_CERTIFICATE_ARN");
  if (!certificateArn) return undefined;
  return {
    domainName: new URL(siteOrigin(app)).host,
    isExternalDomain: true,
    cdk: { certificate: acm.Certificate.fromCertificateArn(stack, "SiteCertificate", certificateArn) },
  };
}
