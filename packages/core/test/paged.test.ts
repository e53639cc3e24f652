// What a failed page query becomes. DynamoDB's refusal of a bad ExclusiveStartKey is caused
// for real in the stack tests (upload-flow, admin-overview); here the error is built by hand,
// because a missing index (the other ValidationException) cannot be caused in the shared stack.
import { describe, expect, it } from "vitest";
import { IntakeError } from "../src/errors";
import { paged } from "../src/paging";

const validationError = () => Object.assign(new Error("Query failed"), { cause: { name: "ValidationException" } });

describe("paged", () => {
  it("hands the cursor to the query, null when there is none", async () => {
    expect(await paged("abc", async (from) => from)).toBe("abc");
    expect(await paged(undefined, async (from) => from)).toBeNull();
  });

  it("a refused cursor is the caller's VALIDATION error", async () => {
    const error = await paged("abc", () => Promise.reject(validationError())).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IntakeError);
    expect((error as IntakeError).appCode).toBe("VALIDATION");
  });

  it("without a cursor the same refusal stays a fault, not the caller's mistake", async () => {
    const original = validationError();
    await expect(paged(undefined, () => Promise.reject(original))).rejects.toBe(original);
  });
});
