// The worker thread's entry: inspects the bytes it was given and posts the Inspection back.
import { parentPort, workerData } from "node:worker_threads";
import { inspect } from "./inspect";

const { bytes, text } = workerData as { bytes: Uint8Array; text?: boolean };
parentPort?.postMessage(await inspect(bytes, { text }));
