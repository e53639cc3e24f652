import { Match, type Template } from "aws-cdk-lib/assertions";
import { expect, it } from "vitest";
import { siteOrigin, type Synthesised } from "./synth";

const imported = (name: RegExp) => ({ "Fn::ImportValue": Match.stringLikeRegexp(name.source) });
const pool = imported(/^test-intake-Auth:ExportsOutputRefUsersUserPool[0-9A-F]+$/);
/** The same, for vitest's own matchers. */
const importedAs = (name: RegExp) => ({ "Fn::ImportValue": expect.stringMatching(name) });

export function webChecks(web: () => Template, synthesised: () => Synthesised) {
  it("serves the SPA from a private bucket through CloudFront over HTTPS, client routes to index.html", () => {
    web().resourceCountIs("AWS::CloudFront::Distribution", 1);
    web().hasResourceProperties("AWS::CloudFront::Distribution", {
      DistributionConfig: Match.objectLike({
        DefaultRootObject: "index.html",
        CustomErrorResponses: Match.arrayWith([{ ErrorCode: 403, ResponseCode: 200, ResponsePagePath: "/index.html" }]),
        DefaultCacheBehavior: Match.objectLike({
          ViewerProtocolPolicy: "redirect-to-https",
          // CloudFront's managed SecurityHeadersPolicy (HSTS, nosniff, frame options, referrer policy).
          ResponseHeadersPolicyId: "67f7725c-6f97-4210-82d7-5512b31e9d03",
        }),
      }),
    });
  });

  it("serves the API on the site's origin: /trpc/* to API Gateway, uncached, every header but Host, with the secret", () => {
    const config = Object.values(web().findResources("AWS::CloudFront::Distribution"))[0]!.Properties
      .DistributionConfig;
    expect(config.CacheBehaviors).toHaveLength(1);
    const behavior = config.CacheBehaviors[0];
    expect(behavior).toMatchObject({
      PathPattern: "/trpc/*",
      ViewerProtocolPolicy: "https-only",
      AllowedMethods: ["GET", "HEAD", "OPTIONS", "PUT", "PATCH", "POST", "DELETE"],
      CachePolicyId: "4135ea2d-6df8-44a3-9df3-4b5a84be39ad", // the managed CachingDisabled
      OriginRequestPolicyId: "b689b0a8-53d0-40ab-baf2-68738e2966ac", // the managed AllViewerExceptHostHeader
    });
    const origin = config.Origins.find((o: { Id: string }) => o.Id === behavior.TargetOriginId);
    expect(origin).toMatchObject({
      DomainName: {
        "Fn::Select": [
          2,
          { "Fn::Split": ["/", importedAs(/^test-intake-Api:ExportsOutputFnGetAttApi[0-9A-F]+ApiEndpoint/)] },
        ],
      },
      CustomOriginConfig: { OriginProtocolPolicy: "https-only", OriginSSLProtocols: ["TLSv1.2"] },
      OriginCustomHeaders: [
        {
          HeaderName: "x-origin-verify",
          HeaderValue: {
            "Fn::Join": [
              "",
              ["{{resolve:secretsmanager:", importedAs(/:ExportsOutputRefOriginVerify/), ":SecretString:::}}"],
            ],
          },
        },
      ],
    });
  });

  it("the site's distribution is behind the WAF web ACL", () => {
    const config = Object.values(web().findResources("AWS::CloudFront::Distribution"))[0]!.Properties
      .DistributionConfig;
    expect(config.WebACLId).toEqual(importedAs(/^test-intake-Storage:ExportsOutputFnGetAttEdgeWebAclArn/));
  });

  it("passes the Cognito settings to the built files as VITE_ variables; the API is on the site's own origin", () => {
    const uploader = Object.values(web().findResources("Custom::S3Uploader"))[0]!;
    const replaced = Object.fromEntries(
      (uploader.Properties.replaceValues as { files: string; search: string; replace: unknown }[])
        .filter((r) => r.files === "**/*.js")
        .map((r) => [r.search, r.replace]),
    );
    expect(replaced).toMatchObject({
      "{{ VITE_COGNITO_CLIENT_ID }}": { "Fn::ImportValue": expect.stringMatching(/UserPoolClient/) },
    });
    // Unset, the SPA calls /trpc relative to its own origin (packages/web/src/trpc.ts).
    expect(Object.keys(replaced)).not.toContain("{{ VITE_API_URL }}");
    expect(synthesised().web.site.getConstructMetadata().data.environment).not.toHaveProperty("VITE_API_URL");
    web().hasResourceProperties("Custom::S3Uploader", {
      replaceValues: Match.arrayWith([
        {
          files: "**/*.js",
          search: "{{ VITE_COGNITO_AUTHORITY }}",
          replace: { "Fn::Join": ["", ["https://cognito-idp.us-east-1.amazonaws.com/", pool]] },
        },
        {
          files: "**/*.js",
          search: "{{ VITE_COGNITO_DOMAIN }}",
          replace: {
            "Fn::Join": ["", ["https://", imported(/UserPoolHostedUi/), ".auth.us-east-1.amazoncognito.com"]],
          },
        },
      ]),
    });
  });

  it("tells the SPA the same redirect URIs the app client allows", () => {
    const { environment } = synthesised().web.site.getConstructMetadata().data;
    expect(environment).toMatchObject({
      VITE_COGNITO_REDIRECT_URI: `${siteOrigin}/auth/callback`,
      VITE_COGNITO_LOGOUT_URI: `${siteOrigin}/`,
    });
    synthesised().templates.Auth.hasResourceProperties("AWS::Cognito::UserPoolClient", {
      CallbackURLs: [environment.VITE_COGNITO_REDIRECT_URI],
      LogoutURLs: [environment.VITE_COGNITO_LOGOUT_URI],
    });
  });
}
