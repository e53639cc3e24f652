// The worker thread's entry: inspects the bytes it was given and posts the Inspection back.
import { parentPort, workerData } from "node:worker_threads";
import { inspect } from "./inspect";

const { bytes } = workerData as { bytes: Uint8Array };
parentPort?.postMessage(await inspect(bytes));
