import { Match, type Template } from "aws-cdk-lib/assertions";
import { expect, it } from "vitest";
import { siteOrigin } from "./synth";
import { asList, idOf, ref, resource, roleIdOf, roleStatements } from "./template-helpers";

/** How the Api stack's template refers to an output of the Auth or Storage stack. */
const imported = (name: RegExp) => ({ "Fn::ImportValue": Match.stringLikeRegexp(name.source) });
const pool = imported(/^test-intake-Auth:ExportsOutputRefUsersUserPool[0-9A-F]+$/);
/** The same, for vitest's own matchers. */
const importedAs = (name: RegExp) => ({ "Fn::ImportValue": expect.stringMatching(name) });

export function apiChecks(api: () => Template) {
  const fn = () => idOf(api(), "AWS::Lambda::Function", { Handler: "packages/functions/src/api.handler" });

  it("one Lambda behind an HTTP API at ANY /trpc/{proxy+} and GET /trpc/health", () => {
    api().resourceCountIs("AWS::ApiGatewayV2::Api", 1);
    api().resourceCountIs("AWS::ApiGatewayV2::Route", 2);
    for (const integration of Object.values(api().findResources("AWS::ApiGatewayV2::Integration"))) {
      expect(integration.Properties).toMatchObject({
        IntegrationType: "AWS_PROXY",
        IntegrationUri: { "Fn::GetAtt": [fn(), "Arn"] },
      });
    }
    api().hasResourceProperties("AWS::Lambda::Function", {
      Handler: "packages/functions/src/api.handler",
      Runtime: "nodejs22.x",
    });
  });

  it("CORS for the site's origin only", () => {
    api().hasResourceProperties("AWS::ApiGatewayV2::Api", {
      CorsConfiguration: {
        AllowOrigins: [siteOrigin],
        AllowMethods: ["GET", "POST"],
        AllowHeaders: Match.arrayWith(["authorization", "content-type"]),
        ExposeHeaders: ["x-request-id"],
        AllowCredentials: false,
      },
    });
  });

  it("queries the table and all three indexes (gsi3, everyone's uploads, is the API's alone)", () => {
    const { statements } = roleStatements(api(), roleIdOf(resource(api(), fn())));
    const on = (action: string) =>
      statements
        .filter((s) => s.Effect === "Allow" && asList(s.Action).includes(action))
        .flatMap((s) => asList(s.Resource).map((r) => JSON.stringify(r)));
    expect(on("dynamodb:Query")).toEqual([
      expect.stringContaining("Table"),
      expect.stringContaining("/index/gsi1"),
      expect.stringContaining("/index/gsi2"),
      expect.stringContaining("/index/gsi3"),
    ]);
  });

  it("API Gateway checks the Cognito ID token (issuer, app client) on every route but GET /trpc/health", () => {
    const authorizers = Object.entries(api().findResources("AWS::ApiGatewayV2::Authorizer"));
    expect(authorizers).toHaveLength(1);
    const [authorizerId, authorizer] = authorizers[0]!;
    expect(authorizer.Properties).toMatchObject({
      AuthorizerType: "JWT",
      IdentitySource: ["$request.header.Authorization"],
      JwtConfiguration: {
        Issuer: {
          "Fn::Join": [
            "",
            [
              "https://cognito-idp.us-east-1.amazonaws.com/",
              importedAs(/^test-intake-Auth:ExportsOutputRefUsersUserPool[0-9A-F]+$/),
            ],
          ],
        },
        Audience: [importedAs(/^test-intake-Auth:ExportsOutputRefUsersUserPoolClient[0-9A-F]+$/)],
      },
    });
    const routes = Object.values(api().findResources("AWS::ApiGatewayV2::Route")).map((r) => r.Properties);
    expect(routes.map((r) => r.RouteKey).sort()).toEqual(["ANY /trpc/{proxy+}", "GET /trpc/health"]);
    for (const route of routes) {
      if (route.RouteKey === "GET /trpc/health") {
        expect(route.AuthorizationType).toBe("NONE");
        expect(route.AuthorizerId).toBeUndefined();
      } else {
        expect(route).toMatchObject({ AuthorizationType: "JWT", AuthorizerId: ref(authorizerId) });
      }
    }
  });

  it("answers only requests CloudFront forwards: the API gets the secret CloudFront sends", () => {
    const secret = idOf(api(), "AWS::SecretsManager::Secret", {});
    expect(resource(api(), secret).Properties.GenerateSecretString).toMatchObject({
      ExcludePunctuation: true,
      PasswordLength: 48,
    });
    const env = resource(api(), fn()).Properties.Environment.Variables;
    expect(env.INTAKE_ORIGIN_VERIFY_SECRET).toEqual({
      "Fn::Join": ["", ["{{resolve:secretsmanager:", ref(secret), ":SecretString:::}}"]],
    });
  });

  it("signs downloads for the files origin with the key in SSM, and never reads production itself", () => {
    const env = resource(api(), fn()).Properties.Environment.Variables;
    expect(env).toMatchObject({
      INTAKE_FILES_ORIGIN: {
        "Fn::Join": ["", ["https://", importedAs(/:ExportsOutputFnGetAttFiles[0-9A-F]+DomainName/)]],
      },
      INTAKE_FILES_KEY_PAIR_ID: importedAs(/:ExportsOutputRefFilesPublicKey/),
      INTAKE_FILES_PRIVATE_KEY_PARAMETER: "/intake/test/files-signing-key",
    });
    const { statements } = roleStatements(api(), roleIdOf(resource(api(), fn())));
    expect(statements).toContainEqual(
      expect.objectContaining({
        Action: "ssm:GetParameter",
        Resource: {
          "Fn::Join": [
            "",
            ["arn:", { Ref: "AWS::Partition" }, ":ssm:us-east-1:my-account:parameter/intake/test/files-signing-key"],
          ],
        },
      }),
    );
    expect(JSON.stringify(statements)).not.toContain("ProductionBucket");
    expect(JSON.stringify(statements)).not.toContain("ProductionKey");
  });

  it("throttles every route", () => {
    api().hasResourceProperties("AWS::ApiGatewayV2::Stage", {
      StageName: "$default",
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
    });
  });

  it("verifies Cognito ID tokens: issuer, JWKS and audience come from the Auth stack", () => {
    api().hasResourceProperties("AWS::Lambda::Function", {
      Handler: "packages/functions/src/api.handler",
      Environment: {
        Variables: Match.objectLike({
          INTAKE_JWT_ISSUER: { "Fn::Join": ["", ["https://cognito-idp.us-east-1.amazonaws.com/", pool]] },
          INTAKE_JWKS_URL: {
            "Fn::Join": ["", ["https://cognito-idp.us-east-1.amazonaws.com/", pool, "/.well-known/jwks.json"]],
          },
          INTAKE_JWT_AUDIENCE: imported(/^test-intake-Auth:ExportsOutputRefUsersUserPoolClient[0-9A-F]+$/),
        }),
      },
    });
  });

  it("is configured with the table, the buckets and the queue by plain variables (no SST bind)", () => {
    api().hasResourceProperties("AWS::Lambda::Function", {
      Handler: "packages/functions/src/api.handler",
      Environment: {
        Variables: Match.objectLike({
          INTAKE_TABLE: imported(/:ExportsOutputRefTable/),
          INTAKE_STAGING_BUCKET: imported(/:ExportsOutputRefStagingBucket/),
          INTAKE_PRODUCTION_BUCKET: imported(/:ExportsOutputRefProductionBucket/),
          INTAKE_QUARANTINE_BUCKET: imported(/:ExportsOutputRefQuarantineBucket/),
          INTAKE_SCAN_QUEUE_URL: imported(/:ExportsOutputRefScanQueue/),
        }),
      },
    });
  });

  it("logs to its own log group, kept a month", () => {
    const logGroup = api().findResources("AWS::Lambda::Function")[fn()]!.Properties.LoggingConfig.LogGroup;
    expect(logGroup).toEqual(ref(logGroup.Ref));
    expect(api().findResources("AWS::Logs::LogGroup")[logGroup.Ref]!.Properties.RetentionInDays).toBe(30);
  });
}
