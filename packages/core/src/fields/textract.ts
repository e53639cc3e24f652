// The AWS engine: Amazon Textract's expense analysis. Images and single-page PDFs (up to the
// synchronous API's 10 MB) go to AnalyzeExpense with their bytes; a multi-page PDF is read
// by StartExpenseAnalysis from where it is stored, and GetExpenseAnalysis is polled within
// the record's time limit. A job still running at the limit is a ProcessFault: the record is
// retried, and a later delivery starts a new job (the processing Lambda cannot wait for
// Textract's SNS notice, and a retried record is simpler than a second queue).
import {
  AnalyzeExpenseCommand,
  type ExpenseDocument,
  GetExpenseAnalysisCommand,
  StartExpenseAnalysisCommand,
  TextractClient,
} from "@aws-sdk/client-textract";
import { ProcessFault } from "../process/inspection";
import { perSettings } from "../settings";
import type { Document } from "./document";
import { assemble, type Fields } from "./fields";
import { fromExpenseDocuments } from "./textract-map";

const syncMaxBytes = 10 * 1024 * 1024;
const pollMs = 2_000;

const textract = perSettings(
  (value) => [value.region, value.credentials?.accessKeyId],
  ({ region, credentials }) => new TextractClient({ region, credentials }),
);

export async function textractFields(document: Document): Promise<Fields> {
  const started = Date.now();
  const multiPage = document.contentType === "application/pdf" && (document.pageCount ?? 1) > 1;
  const documents =
    multiPage || document.bytes.byteLength > syncMaxBytes
      ? await analyseStored(document, started)
      : await analyseBytes(document);
  return assemble(fromExpenseDocuments(documents), document.purpose, "textract");
}

async function analyseBytes(document: Document): Promise<ExpenseDocument[]> {
  try {
    const response = await textract().send(new AnalyzeExpenseCommand({ Document: { Bytes: document.bytes } }), {
      abortSignal: AbortSignal.timeout(document.limits.timeoutMs),
    });
    return response.ExpenseDocuments ?? [];
  } catch (error) {
    throw new ProcessFault(`Textract AnalyzeExpense failed: ${messageOf(error)}`, { cause: error });
  }
}

async function analyseStored(document: Document, started: number): Promise<ExpenseDocument[]> {
  if (!document.location) throw new ProcessFault("Textract needs the stored file for a multi-page PDF");
  const { location, limits } = document;
  try {
    const { JobId } = await textract().send(
      new StartExpenseAnalysisCommand({
        DocumentLocation: { S3Object: { Bucket: location.bucket, Name: location.key } },
      }),
    );
    const documents: ExpenseDocument[] = [];
    let next: string | undefined;
    while (Date.now() - started < limits.timeoutMs - pollMs) {
      const page = await textract().send(new GetExpenseAnalysisCommand({ JobId, NextToken: next }));
      if (page.JobStatus === "FAILED") throw new Error(page.StatusMessage ?? "the job failed");
      if (page.JobStatus === "IN_PROGRESS") {
        await new Promise((resolve) => setTimeout(resolve, pollMs));
        continue;
      }
      documents.push(...(page.ExpenseDocuments ?? []));
      next = page.NextToken;
      if (!next) return documents;
    }
  } catch (error) {
    throw new ProcessFault(`Textract expense analysis failed: ${messageOf(error)}`, { cause: error });
  }
  throw new ProcessFault(`Textract expense analysis took longer than ${limits.timeoutMs} ms`);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
