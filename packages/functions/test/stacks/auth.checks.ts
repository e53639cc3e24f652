import { Match, type Template } from "aws-cdk-lib/assertions";
import { expect, it } from "vitest";
import { siteOrigin } from "./synth";
import { idOf, ref } from "./template-helpers";

export function authChecks(auth: () => Template) {
  const pool = () => idOf(auth(), "AWS::Cognito::UserPool", {});

  it("a user pool that signs in with email, verified by email, case-insensitively", () => {
    expect(auth().findResources("AWS::Cognito::UserPool")[pool()]!.Properties).toMatchObject({
      UsernameAttributes: ["email"],
      AutoVerifiedAttributes: ["email"],
      UsernameConfiguration: { CaseSensitive: false },
      AccountRecoverySetting: { RecoveryMechanisms: [{ Name: "verified_email", Priority: 1 }] },
      Policies: { PasswordPolicy: { MinimumLength: 12 } },
    });
    // A browser cannot keep a secret and needs no AWS credentials: no identity pool.
    auth().resourceCountIs("AWS::Cognito::IdentityPool", 0);
  });

  it("an admins group", () => {
    auth().hasResourceProperties("AWS::Cognito::UserPoolGroup", { GroupName: "admins", UserPoolId: ref(pool()) });
  });

  it("an SPA client: public, authorization code only (PKCE), callback and sign-out on the site", () => {
    auth().resourceCountIs("AWS::Cognito::UserPoolClient", 1);
    auth().hasResourceProperties("AWS::Cognito::UserPoolClient", {
      UserPoolId: ref(pool()),
      GenerateSecret: false,
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ["code"],
      AllowedOAuthScopes: Match.arrayWith(["openid", "email"]),
      CallbackURLs: [`${siteOrigin}/auth/callback`],
      LogoutURLs: [`${siteOrigin}/`],
      SupportedIdentityProviders: ["COGNITO"],
      PreventUserExistenceErrors: "ENABLED",
      EnableTokenRevocation: true,
      IdTokenValidity: 60,
      TokenValidityUnits: Match.objectLike({ IdToken: "minutes" }),
    });
  });

  it("a hosted UI domain with a prefix unique to the account and region", () => {
    auth().hasResourceProperties("AWS::Cognito::UserPoolDomain", {
      UserPoolId: ref(pool()),
      Domain: Match.stringLikeRegexp("^intake-test-[0-9a-f]{8}$"),
    });
  });
}
