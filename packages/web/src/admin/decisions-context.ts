import { createContext, useContext } from "react";
import type { Decisions } from "./use-decisions";

export const DecisionsContext = createContext<Decisions | null>(null);

export function useDecisionsContext(): Decisions {
  const decisions = useContext(DecisionsContext);
  if (!decisions) throw new Error("useDecisionsContext outside the admin dashboard");
  return decisions;
}
