// The tab's upload queue, above the routes: every page reads the same one, so an upload goes
// on (and stays in view) while the user moves around the app. One queue per tRPC client,
// and the app makes one client per tab: no provider to wrap the routes in.
import { type QueryClient, useQueryClient } from "@tanstack/react-query";
import { useEffect, useSyncExternalStore } from "react";
import { type TRPCClient, useTRPC, useTRPCClient } from "../trpc";
import { sendFile } from "../upload/send";
import { type QueueSnapshot, UploadQueue } from "./upload-queue";

const queues = new WeakMap<TRPCClient, UploadQueue>();

function queueFor(client: TRPCClient, queryClient: QueryClient, listKey: () => readonly unknown[]) {
  let queue = queues.get(client);
  if (!queue) {
    queue = new UploadQueue((file, fields, options) => sendFile(client, file, fields, options), {
      onSettled: () => void queryClient.invalidateQueries({ queryKey: listKey() }),
    });
    queues.set(client, queue);
  }
  return queue;
}

export function useUploadQueue(): UploadQueue {
  const client = useTRPCClient();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return queueFor(client, queryClient, () => trpc.upload.list.pathKey());
}

export function useQueueSnapshot(): QueueSnapshot {
  const queue = useUploadQueue();
  return useSyncExternalStore(queue.subscribe, queue.getSnapshot);
}

/** Leaving or reloading asks first, but only while bytes are moving (not paused or done). */
export function useLeaveGuard(queue: UploadQueue) {
  useEffect(() => {
    const onBeforeUnload = (event: BeforeUnloadEvent) => event.preventDefault();
    let armed = false;
    const follow = () => {
      if (queue.bytesMoving === armed) return;
      armed = queue.bytesMoving;
      if (armed) window.addEventListener("beforeunload", onBeforeUnload);
      else window.removeEventListener("beforeunload", onBeforeUnload);
    };
    const unsubscribe = queue.subscribe(follow);
    return () => {
      unsubscribe();
      window.removeEventListener("beforeunload", onBeforeUnload);
    };
  }, [queue]);
}

/** A file dropped where nothing takes it would make the browser open it and leave the app. */
export function useIgnoreStrayDrops() {
  useEffect(() => {
    const ignore = (event: DragEvent) => event.preventDefault();
    window.addEventListener("dragover", ignore);
    window.addEventListener("drop", ignore);
    return () => {
      window.removeEventListener("dragover", ignore);
      window.removeEventListener("drop", ignore);
    };
  }, []);
}
