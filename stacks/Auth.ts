import { createHash } from "node:crypto";
import { Duration, RemovalPolicy, Token } from "aws-cdk-lib";
import * as cognito from "aws-cdk-lib/aws-cognito";
import { NagSuppressions } from "cdk-nag";
import { Cognito, type App, type StackContext } from "sst/constructs";
import { adminGroup } from "../packages/core/src/groups";
import { authRedirects, optional } from "./settings";

export function Auth({ stack, app }: StackContext) {
  const { callbackUrl, logoutUrl } = authRedirects(app);
  const keep = app.stage === "prod";

  const users = new Cognito(stack, "Users", {
    login: ["email"],
    identityPoolFederation: false, // the API verifies ID tokens itself; no AWS credentials for browsers
    cdk: {
      userPool: {
        selfSignUpEnabled: true,
        autoVerify: { email: true },
        standardAttributes: { email: { required: true, mutable: true } },
        passwordPolicy: { minLength: 12, requireSymbols: false },
        accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
        featurePlan: cognito.FeaturePlan.LITE, // the classic hosted UI needs nothing more; cheapest per user
        deletionProtection: keep,
        removalPolicy: keep ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      },
      userPoolClient: {
        // A browser cannot keep a secret: a public client, authorization code + PKCE.
        generateSecret: false,
        authFlows: { userSrp: true },
        oAuth: {
          flows: { authorizationCodeGrant: true, implicitCodeGrant: false },
          scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
          callbackUrls: [callbackUrl],
          logoutUrls: [logoutUrl],
        },
        supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
        preventUserExistenceErrors: true,
        idTokenValidity: Duration.hours(1),
        accessTokenValidity: Duration.hours(1),
        refreshTokenValidity: Duration.days(30),
        enableTokenRevocation: true,
      },
    },
  });
  const userPool = users.cdk.userPool;
  NagSuppressions.addResourceSuppressions(userPool, [
    {
      id: "AwsSolutions-COG1",
      reason: "At least 12 characters and no composition rules, as NIST SP 800-63B advises",
    },
    {
      id: "AwsSolutions-COG3",
      reason: "Threat protection needs Cognito's Plus plan; the Lite plan is chosen for cost (docs/deploy.md)",
    },
  ]);

  new cognito.CfnUserPoolGroup(stack, "AdminsGroup", {
    userPoolId: userPool.userPoolId,
    groupName: adminGroup,
    description: "Intake administrators: review, approve and reject uploads",
  });

  const domain = userPool.addDomain("HostedUi", {
    cognitoDomain: { domainPrefix: hostedUiPrefix(app, stack.account) },
    managedLoginVersion: cognito.ManagedLoginVersion.CLASSIC_HOSTED_UI,
  });

  // The router verifies ID tokens: `iss` is the pool's URL and `aud` the app client id.
  const issuer = `https://cognito-idp.${stack.region}.amazonaws.com/${userPool.userPoolId}`;
  const auth = {
    userPoolId: userPool.userPoolId,
    clientId: users.userPoolClientId,
    issuer,
    jwksUrl: `${issuer}/.well-known/jwks.json`,
    hostedUiUrl: domain.baseUrl(),
    callbackUrl,
    logoutUrl,
  };

  stack.addOutputs({
    UserPoolId: auth.userPoolId,
    UserPoolClientId: auth.clientId,
    HostedUiUrl: auth.hostedUiUrl,
  });
  return auth;
}

/**
 * Hosted UI prefixes are global per region, so the default adds a hash of the account and
 * region (a plain account id would show in every sign-in URL). INTAKE_AUTH_DOMAIN_PREFIX
 * overrides it.
 */
function hostedUiPrefix(app: App, account: string): string {
  const chosen = optional("INTAKE_AUTH_DOMAIN_PREFIX");
  if (chosen) return chosen;
  if (Token.isUnresolved(account)) {
    throw new Error("Set INTAKE_AUTH_DOMAIN_PREFIX: the account is unknown at synth time, so no unique default exists");
  }
  const hash = createHash("sha256").update(`${account}/${app.region}`).digest("hex").slice(0, 8);
  // Cognito allows lowercase letters, digits and hyphens, and no "aws", "amazon" or "cognito".
  return `${app.name}-${app.stage}-${hash}`
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/aws|amazon|cognito/g, "x");
}
