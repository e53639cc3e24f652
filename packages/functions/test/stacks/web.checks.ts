import { Match, type Template } from "aws-cdk-lib/assertions";
import { expect, it } from "vitest";
import { siteOrigin, type Synthesised } from "./synth";

const imported = (name: RegExp) => ({ "Fn::ImportValue": Match.stringLikeRegexp(name.source) });
const pool = imported(/^test-intake-Auth:ExportsOutputRefUsersUserPool[0-9A-F]+$/);

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

  it("passes the deployed API URL and Cognito settings to the built files as VITE_ variables", () => {
    const uploader = Object.values(web().findResources("Custom::S3Uploader"))[0]!;
    const replaced = Object.fromEntries(
      (uploader.Properties.replaceValues as { files: string; search: string; replace: unknown }[])
        .filter((r) => r.files === "**/*.js")
        .map((r) => [r.search, r.replace]),
    );
    expect(replaced).toMatchObject({
      "{{ VITE_API_URL }}": {
        "Fn::ImportValue": expect.stringMatching(/^test-intake-Api:ExportsOutputFnGetAttApi[0-9A-F]+ApiEndpoint/),
      },
      "{{ VITE_COGNITO_CLIENT_ID }}": { "Fn::ImportValue": expect.stringMatching(/UserPoolClient/) },
    });
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
