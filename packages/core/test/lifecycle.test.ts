// Who may do what: the rules the API enforces and the SPA renders, from the one table.
import { describe, expect, it } from "vitest";
import {
  access,
  canMove,
  final,
  inFlight,
  recovery,
  statuses,
  type Status,
  transitions,
} from "../src/upload/lifecycle";

const owner = { userId: "alice", isAdmin: false };
const admin = { userId: "ada", isAdmin: true };
const other = { userId: "bob", isAdmin: false };
const upload = (status: Status, purpose: "book" | "invoice" = "invoice") => ({ ownerId: "alice", status, purpose });

describe("access", () => {
  it("ready files: their owner and admins download them; other people neither see nor download them", () => {
    expect(access(upload("ready"), owner)).toEqual({
      visible: true,
      can: { download: true, abort: false, approve: false, reject: false, purge: false, retry: false },
    });
    expect(access(upload("ready"), admin).can.download).toBe(true);
    expect(access(upload("ready"), other)).toEqual({
      visible: false,
      can: { download: false, abort: false, approve: false, reject: false, purge: false, retry: false },
    });
  });

  it("ready books are the library: anyone signed in downloads them", () => {
    expect(access(upload("ready", "book"), other).can.download).toBe(true);
    expect(access(upload("in_review", "book"), other).can.download).toBe(false);
  });

  it("in review: admins download, approve and reject; the owner only waits", () => {
    expect(access(upload("in_review", "book"), admin).can).toEqual({
      download: true,
      abort: false,
      approve: true,
      reject: true,
      purge: false,
      retry: false,
    });
    expect(access(upload("in_review", "book"), owner).can).toEqual({
      download: false,
      abort: false,
      approve: false,
      reject: false,
      purge: false,
      retry: false,
    });
  });

  it("quarantined and failed: admins delete them for good; failed ones they also send back", () => {
    expect(access(upload("quarantined"), admin).can).toMatchObject({ purge: true, retry: false });
    // Only a fault's failure goes back: the stage could not do its work, nothing was judged.
    const failedOn = (statusReason: string) => ({ ...upload("failed"), statusReason });
    expect(access(failedOn("SCAN_FAILED"), admin).can).toMatchObject({ purge: true, retry: true });
    expect(access(failedOn("PROCESSING_FAILED"), admin).can).toMatchObject({ purge: true, retry: true });
    expect(access(failedOn("SOMETHING_ELSE"), admin).can).toMatchObject({ purge: true, retry: false });
    for (const status of ["quarantined", "failed"] as const)
      expect(access(upload(status), owner).can).toMatchObject({ purge: false, retry: false });
    for (const status of statuses.filter((s) => s !== "quarantined" && s !== "failed"))
      expect(access(upload(status), admin).can).toMatchObject({ purge: false, retry: false });
  });

  it("pending: only its owner may abort it, not an admin", () => {
    expect(access(upload("pending"), owner).can.abort).toBe(true);
    expect(access(upload("pending"), admin).can.abort).toBe(false);
  });

  it("nobody downloads what was never stored in production", () => {
    for (const status of [
      "pending",
      "received",
      "scanning",
      "processing",
      "rejected",
      "quarantined",
      "failed",
      "expired",
      "aborted",
    ] as const) {
      for (const viewer of [owner, admin, other])
        expect(access(upload(status, "book"), viewer).can.download).toBe(false);
    }
  });
});

describe("transitions", () => {
  it("every move stays inside the known statuses, and final statuses go nowhere", () => {
    for (const from of statuses) for (const to of transitions[from]) expect(statuses).toContain(to);
    expect(final).toEqual(["ready", "rejected", "quarantined", "expired", "aborted"]);
    // Only a fault's failure moves again, back to the stage that failed (see `recovery`).
    expect(transitions.failed).toEqual(["received", "processing"]);
    expect(canMove("scanning", "processing")).toBe(true);
    expect(canMove("processing", "ready")).toBe(true);
    expect(canMove("processing", "quarantined")).toBe(true);
    expect(canMove("ready", "scanning")).toBe(false);
  });

  it("a clean scan is never the end: every file is processed before it is ready or reviewed", () => {
    expect(canMove("scanning", "ready")).toBe(false);
    expect(canMove("scanning", "in_review")).toBe(false);
  });

  it("in flight is exactly what the server still moves on its own", () => {
    expect(inFlight).toEqual(["pending", "received", "scanning", "processing"]);
  });
});

describe("recovery", () => {
  it("only a fault's failure is tried again; content verdicts and other statuses stay where they are", () => {
    expect(recovery({ status: "failed", statusReason: "SCAN_FAILED" })).toBe("received");
    expect(recovery({ status: "failed", statusReason: "PROCESSING_FAILED" })).toBe("processing");
    expect(recovery({ status: "failed", statusReason: "SOMETHING_ELSE" })).toBeUndefined();
    for (const reason of ["VIRUS_DETECTED", "FORBIDDEN_TYPE", "UNSCANNABLE", "MALFORMED"])
      expect(recovery({ status: "quarantined", statusReason: reason })).toBeUndefined();
    expect(recovery({ status: "rejected", statusReason: "SCAN_FAILED" })).toBeUndefined();
    for (const to of ["received", "processing"] as const) {
      expect(canMove("failed", to)).toBe(true);
      expect(canMove("quarantined", to)).toBe(false);
      expect(canMove("rejected", to)).toBe(false);
    }
  });
});
