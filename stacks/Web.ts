import * as acm from "aws-cdk-lib/aws-certificatemanager";
import * as cloudfront from "aws-cdk-lib/aws-cloudfront";
import * as s3 from "aws-cdk-lib/aws-s3";
import { StaticSite, use, type App, type StackContext, type StaticSiteProps } from "sst/constructs";
import { Api } from "./Api";
import { Auth } from "./Auth";
import { optional, siteOrigin } from "./settings";

export function Web({ stack, app }: StackContext) {
  const { api } = use(Api);
  const auth = use(Auth);

  const site = new StaticSite(stack, "Site", {
    path: "packages/web",
    buildCommand: "npm run build",
    buildOutput: "dist",
    // Client-side routes (/admin, /auth/callback) are served index.html.
    errorPage: "redirect_to_index_page",
    customDomain: customDomain(stack, app),
    // Built with placeholders that SST replaces with the deployed values when it uploads.
    environment: {
      VITE_API_URL: api.url,
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
      },
    },
  });

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
