// Downloads are short-lived signed URLs on the files origin (never this app's origin), which
// sends them as attachments: navigating to one saves the file and leaves the page where it is.
import { useMutation } from "@tanstack/react-query";
import { useTRPC } from "../trpc";

export function useDownload() {
  const trpc = useTRPC();
  return useMutation(
    trpc.upload.download.mutationOptions({
      onSuccess: ({ url }) => window.location.assign(url),
    }),
  );
}
