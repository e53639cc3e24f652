// The scan consumer as the scanner image runs it: clamd (with the signatures from S3) first.
import { handler as scan } from "../src/scan";
import { withClamd } from "./clamd";

export const handler = withClamd(scan);
