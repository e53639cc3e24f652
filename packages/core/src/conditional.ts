// DynamoDB's "condition failed", whether ElectroDB wraps it or not.
export function isConditionFailure(error: unknown): boolean {
  for (let e: any = error; e; e = e.cause) {
    if (e.name === "ConditionalCheckFailedException" || e.code === "ConditionalCheckFailedException") return true;
    if (e.name === "TransactionCanceledException" && String(e.message).includes("ConditionalCheckFailed")) return true;
  }
  return false;
}
