// DynamoDB's "condition failed", whether ElectroDB wraps it or not.
export function isConditionFailure(error: unknown): boolean {
  type Cause = { name?: string; code?: string; message?: unknown; cause?: unknown } | undefined;
  for (let e = error as Cause; e; e = e.cause as Cause) {
    if (e.name === "ConditionalCheckFailedException" || e.code === "ConditionalCheckFailedException") return true;
    if (e.name === "TransactionCanceledException" && String(e.message).includes("ConditionalCheckFailed")) return true;
  }
  return false;
}
