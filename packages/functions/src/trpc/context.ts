import { authenticate } from "./auth";

/** Built per request by each adapter from the request's Authorization header. */
export async function createContext(authorization: string | undefined) {
  return { caller: await authenticate(authorization) };
}

export type Context = Awaited<ReturnType<typeof createContext>>;
