// Checks a client's part list for CompleteMultipartUpload against what S3 holds. Pure.
import { type Plan, sizeOf } from "./parts";

export interface ListedPart {
  partNumber: number;
  /** Bare lower-case hex, no quotes. */
  etag: string;
}

export interface HeldPart extends ListedPart {
  sizeBytes: number;
}

/** What is wrong with a part list, by part number; empty lists are left out. */
export interface Mismatch {
  /** The list is not in strictly ascending part-number order (or repeats a number). */
  outOfOrder?: true;
  /** Numbers outside 1..partCount. */
  outOfRange?: number[];
  /** Parts of the upload the list leaves out. */
  missing?: number[];
  /** Parts in the list that storage does not have. */
  notUploaded?: number[];
  /** Parts whose ETag is not the one storage has. */
  etagMismatch?: number[];
  /** Parts storage has at another size than the plan says (another upload's bytes, or truncated). */
  sizeMismatch?: number[];
}

export function mismatch(listed: ListedPart[], held: HeldPart[], sizeBytes: number, plan: Plan): Mismatch | undefined {
  const found: Mismatch = {};
  if (listed.some((part, i) => i > 0 && part.partNumber <= listed[i - 1]!.partNumber)) found.outOfOrder = true;

  const inRange = (n: number) => Number.isInteger(n) && n >= 1 && n <= plan.partCount;
  const byNumber = new Map(held.map((part) => [part.partNumber, part]));
  const numbers = new Set(listed.map((part) => part.partNumber));
  const lists: Required<Omit<Mismatch, "outOfOrder">> = {
    outOfRange: listed.filter((p) => !inRange(p.partNumber)).map((p) => p.partNumber),
    missing: Array.from({ length: plan.partCount }, (_, i) => i + 1).filter((n) => !numbers.has(n)),
    notUploaded: listed.filter((p) => inRange(p.partNumber) && !byNumber.has(p.partNumber)).map((p) => p.partNumber),
    etagMismatch: [],
    sizeMismatch: [],
  };
  for (const part of listed) {
    const stored = byNumber.get(part.partNumber);
    if (!stored || !inRange(part.partNumber)) continue;
    if (stored.etag !== part.etag) lists.etagMismatch.push(part.partNumber);
    if (stored.sizeBytes !== sizeOf(sizeBytes, plan, part.partNumber)) lists.sizeMismatch.push(part.partNumber);
  }
  for (const [name, numbersOf] of Object.entries(lists)) {
    if (numbersOf.length) found[name as keyof typeof lists] = [...new Set(numbersOf)].slice(0, 50);
  }
  return Object.keys(found).length ? found : undefined;
}

/** One sentence a person can act on. */
export function describe(found: Mismatch): string {
  const list = (numbers: number[]) => numbers.join(", ");
  const reasons = [
    found.outOfOrder && "the parts are not in ascending order",
    found.outOfRange && `parts ${list(found.outOfRange)} are not in this upload`,
    found.missing && `parts ${list(found.missing)} are missing from the list`,
    found.notUploaded && `parts ${list(found.notUploaded)} have not been uploaded`,
    found.etagMismatch && `the ETags of parts ${list(found.etagMismatch)} do not match storage`,
    found.sizeMismatch && `parts ${list(found.sizeMismatch)} have the wrong size`,
  ].filter(Boolean);
  return `The part list does not match the upload: ${reasons.join("; ")}`;
}
