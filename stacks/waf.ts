import type { Stack } from "aws-cdk-lib";
import * as wafv2 from "aws-cdk-lib/aws-wafv2";
import { deploySetting, optional } from "./settings";

/**
 * One WAF web ACL for both distributions (the site and the files origin): each IP address
 * may make INTAKE_WAF_RATE_LIMIT requests in 5 minutes. A CloudFront web ACL must live in
 * us-east-1: deployed elsewhere, the app uses INTAKE_CLOUDFRONT_WEB_ACL_ARN (one made there),
 * as it does the certificates, or runs without one. (WAF cannot protect an HTTP API; the
 * API's own throttle limits it.)
 */
export function cloudFrontWebAcl(stack: Stack): string | undefined {
  const given = optional("INTAKE_CLOUDFRONT_WEB_ACL_ARN");
  if (given) return given;
  if (stack.region !== "us-east-1") return undefined;
  const metrics = (metricName: string) => ({
    metricName,
    cloudWatchMetricsEnabled: true,
    sampledRequestsEnabled: true,
  });
  const acl = new wafv2.CfnWebACL(stack, "EdgeWebAcl", {
    scope: "CLOUDFRONT",
    defaultAction: { allow: {} },
    visibilityConfig: metrics("intake-edge"),
    rules: [
      {
        name: "requests-per-ip",
        priority: 0,
        action: { block: {} },
        statement: {
          rateBasedStatement: {
            limit: deploySetting("INTAKE_WAF_RATE_LIMIT"),
            aggregateKeyType: "IP",
            evaluationWindowSec: 300,
          },
        },
        visibilityConfig: metrics("intake-requests-per-ip"),
      },
    ],
  });
  return acl.attrArn;
}
