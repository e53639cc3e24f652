import { Purpose } from "@intake/core/purpose";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "../trpc";

/** This deployment's catalogue; the built-in defaults until it arrives (the server checks again anyway). */
export function usePurposes(): Purpose.Catalogue {
  const trpc = useTRPC();
  const { data } = useQuery(trpc.upload.purposes.queryOptions(undefined, { staleTime: 5 * 60_000 }));
  return data?.purposes ?? Purpose.defaults;
}
