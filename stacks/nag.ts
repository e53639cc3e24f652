// cdk-nag (AwsSolutions) findings on constructs SST or CDK make for us, suppressed where they
// are made; our own constructs carry their suppressions beside them.
import { type IAspect, Stack } from "aws-cdk-lib";
import { NagSuppressions } from "cdk-nag";
import type { IConstruct } from "constructs";

/**
 * SST adds a custom-resource handler to each of its stacks (it uploads the site, writes stack
 * metadata), and a policy for the site's uploader when it finishes the app. An aspect, so
 * that every stack, including ones added later, is covered.
 */
export class SstInternals implements IAspect {
  visit(node: IConstruct): void {
    if (node.node.id === "S3UploaderPolicy") {
      NagSuppressions.addResourceSuppressions(node, [
        {
          id: "AwsSolutions-IAM5",
          reason: "SST's deploy-time uploader copies the whole build from the asset bucket into the site bucket",
        },
      ]);
    }
    if (!(node instanceof Stack)) return;
    const handler = node.node.tryFindChild("CustomResourceHandler");
    if (!handler) return;
    NagSuppressions.addResourceSuppressions(
      handler,
      [
        {
          id: "AwsSolutions-IAM4",
          reason: "SST's deploy-time custom-resource handler, with the basic execution role SST gives it",
        },
        { id: "AwsSolutions-L1", reason: "SST's deploy-time custom-resource handler: SST picks its runtime" },
      ],
      true,
    );
  }
}
