// React state around sendFile: progress, the upload id, cancel, and a fresh list after.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { useTRPC, useTRPCClient } from "../trpc";
import type { MultipartUpload } from "./multipart/multipart-upload";
import type { UploadProgress } from "./progress";
import { sendFile, type UploadFields } from "./send";

export function useSendFile() {
  const client = useTRPCClient();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const controller = useRef<AbortController | null>(null);
  const [progress, setProgress] = useState<UploadProgress>();
  const [multipart, setMultipart] = useState<MultipartUpload>();
  const [isPaused, setPaused] = useState(false);
  const [uploadId, setUploadId] = useState<string>();

  const mutation = useMutation({
    mutationFn: ({ file, fields }: { file: File; fields: UploadFields }) => {
      controller.current = new AbortController();
      setProgress(undefined);
      setUploadId(undefined);
      setMultipart(undefined);
      setPaused(false);
      return sendFile(client, file, fields, {
        signal: controller.current.signal,
        onProgress: setProgress,
        onInitiated: setUploadId,
        onMultipart: setMultipart,
      });
    },
    onSettled: () => queryClient.invalidateQueries(trpc.upload.list.pathFilter()),
  });

  return {
    send: mutation.mutate,
    cancel: () => controller.current?.abort(),
    /** Pause and resume exist for multipart uploads only (undefined for a single PUT). */
    pause:
      multipart && !isPaused
        ? () => {
            multipart.pause();
            setPaused(true);
          }
        : undefined,
    resume:
      multipart && isPaused
        ? () => {
            multipart.resume();
            setPaused(false);
          }
        : undefined,
    isSending: mutation.isPending,
    error: mutation.error,
    result: mutation.data,
    progress,
    uploadId,
  };
}
