// The tab's upload queue, above the routes: every page reads it, so an upload goes on (and
// stays in view) while the user moves around the app.
import { useQueryClient } from "@tanstack/react-query";
import { createContext, type ReactNode, useContext, useEffect, useState, useSyncExternalStore } from "react";
import { useTRPC, useTRPCClient } from "../trpc";
import { sendFile } from "../upload/send";
import { type QueueSnapshot, UploadQueue } from "./upload-queue";

const QueueContext = createContext<UploadQueue | null>(null);

export function UploadManager({ children }: { children: ReactNode }) {
  const client = useTRPCClient();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [queue] = useState(
    () =>
      new UploadQueue((file, fields, options) => sendFile(client, file, fields, options), {
        onSettled: () => void queryClient.invalidateQueries(trpc.upload.list.pathFilter()),
      }),
  );
  useLeaveGuard(queue);
  useIgnoreStrayDrops();
  return <QueueContext.Provider value={queue}>{children}</QueueContext.Provider>;
}

export function useUploadQueue(): UploadQueue {
  const queue = useContext(QueueContext);
  if (!queue) throw new Error("useUploadQueue needs an <UploadManager> above it");
  return queue;
}

export function useQueueSnapshot(): QueueSnapshot {
  const queue = useUploadQueue();
  return useSyncExternalStore(queue.subscribe, queue.getSnapshot);
}

/** Leaving or reloading asks first, but only while bytes are moving (not paused or done). */
function useLeaveGuard(queue: UploadQueue) {
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
function useIgnoreStrayDrops() {
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
