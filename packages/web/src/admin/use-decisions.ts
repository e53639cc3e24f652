// Approve and reject wait a few seconds before they are sent, so a slip can be undone;
// meanwhile the lists already show the decision. Leaving the page sends what is waiting.
import type { Status } from "@intake/core/upload/lifecycle";
import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useRef, useState } from "react";
import { errorMessage } from "../errors";
import { useTRPC, useTRPCClient } from "../trpc";

export const undoWindowMs = 5_000;

export interface Decision {
  uploadId: string;
  name: string;
  verdict: "approve" | "reject";
  /** Required to reject. */
  reason?: string;
}

/** Where each decision moves an upload in review. */
const outcome = { approve: "ready", reject: "rejected" } as const satisfies Record<Decision["verdict"], Status>;

export interface Batch {
  id: number;
  decisions: Decision[];
  sending: boolean;
}

export function useDecisions() {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const [batches, setBatches] = useState<Batch[]>([]);
  const [failures, setFailures] = useState<string[]>([]);
  /** Batches not yet sent, with the timer that will send them. */
  const waiting = useRef(new Map<number, { batch: Batch; timer: number }>());
  const nextId = useRef(1);

  /** Takes a batch off the waiting list; false when it was already on its way. */
  const unwait = useCallback((id: number) => {
    const entry = waiting.current.get(id);
    if (!entry) return false;
    window.clearTimeout(entry.timer);
    waiting.current.delete(id);
    return true;
  }, []);

  const send = useCallback(
    async (batch: Batch) => {
      unwait(batch.id);
      setBatches((all) => all.map((b) => (b.id === batch.id ? { ...b, sending: true } : b)));
      const results = await Promise.allSettled(
        batch.decisions.map(({ uploadId, verdict, reason }) =>
          verdict === "approve"
            ? client.admin.approve.mutate({ uploadId })
            : client.admin.reject.mutate({ uploadId, reason: reason ?? "" }),
        ),
      );
      const failed = results.flatMap((result, i) => {
        if (result.status === "fulfilled") return [];
        const { verdict, name } = batch.decisions[i]!;
        return [`Could not ${verdict} “${name}”: ${errorMessage(result.reason)}`];
      });
      if (failed.length) setFailures((all) => [...all, ...failed]);
      // The rows stay hidden until the lists have the server's answer, so nothing flickers back.
      await Promise.all([
        queryClient.invalidateQueries(trpc.admin.pathFilter()),
        queryClient.invalidateQueries(trpc.library.list.pathFilter()),
      ]);
      setBatches((all) => all.filter((b) => b.id !== batch.id));
    },
    [client, queryClient, trpc, unwait],
  );

  const decide = useCallback(
    (decisions: Decision[]) => {
      const batch: Batch = { id: nextId.current++, decisions, sending: false };
      waiting.current.set(batch.id, { batch, timer: window.setTimeout(() => void send(batch), undoWindowMs) });
      setBatches((all) => [...all, batch]);
    },
    [send],
  );

  const undo = useCallback(
    (id: number) => {
      if (unwait(id)) setBatches((all) => all.filter((b) => b.id !== id));
    },
    [unwait],
  );

  // Unmounting (another page, signing out) sends what is waiting rather than dropping it.
  useEffect(() => () => waiting.current.forEach(({ batch }) => void send(batch)), [send]);

  // Closing the tab would drop them: ask first.
  const anyWaiting = batches.some((b) => !b.sending);
  useEffect(() => {
    if (!anyWaiting) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener("beforeunload", onBeforeUnload);
    return () => window.removeEventListener("beforeunload", onBeforeUnload);
  }, [anyWaiting]);

  const hidden = new Set(batches.flatMap((b) => b.decisions.map((d) => d.uploadId)));
  return {
    batches,
    failures,
    dismissFailures: () => setFailures([]),
    decide,
    undo,
    /** Uploads decided but not yet shown by the server: lists leave them out. */
    isDecided: (uploadId: string) => hidden.has(uploadId),
    /** How many pending decisions move uploads into (+) or out of (−) a status. */
    shift: (status: Status) =>
      batches.reduce(
        (sum, b) =>
          sum +
          b.decisions.filter((d) => outcome[d.verdict] === status).length -
          (status === "in_review" ? b.decisions.length : 0),
        0,
      ),
  };
}

export type Decisions = ReturnType<typeof useDecisions>;
