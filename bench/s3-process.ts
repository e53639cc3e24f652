// The benchmark's local S3 in its own process, so it has a core of its own and the client's
// work is not counted against it. Prints {"endpoint"} once listening; stops on SIGTERM.
import { startS3 } from "@intake/local/s3/server";
import { buckets, credentials, region } from "./bench-config";

const s3 = await startS3({
  port: 0,
  directory: process.argv[2]!,
  buckets: Object.values(buckets),
  corsOrigins: [],
  credentials,
  region,
});
process.stdout.write(`${JSON.stringify({ endpoint: s3.endpoint })}\n`);
process.on("SIGTERM", () => void s3.stop().then(() => process.exit(0)));
