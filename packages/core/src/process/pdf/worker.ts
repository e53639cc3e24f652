// The worker thread's entry: inspects each file it is sent, one at a time, and posts the
// Inspection back. The parent ends the thread on a time-out or an error.
import { parentPort } from "node:worker_threads";
import { inspect } from "./inspect";

parentPort?.on("message", async ({ bytes, text }: { bytes: Uint8Array; text?: boolean }) => {
  parentPort?.postMessage(await inspect(bytes, { text }));
});
