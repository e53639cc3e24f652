// Who is asking, carried through a call instead of passing user ids everywhere. Each
// exported domain function asserts the kind of actor it serves: `user()`, `admin()` or `system()`.
import { AsyncLocalStorage } from "node:async_hooks";
import { IntakeError } from "./errors";

export * as Actor from "./actor";

export interface User {
  type: "user";
  properties: { userId: string; email?: string; isAdmin: boolean };
}
/** Intake's own processes: the scan consumer, the sweeper. */
export interface System {
  type: "system";
  properties: { name: string };
}
export type Actor = User | System;

const storage = new AsyncLocalStorage<Actor>();

export function provide<R>(actor: Actor, fn: () => R): R {
  return storage.run(actor, fn);
}

export function use(): Actor {
  const actor = storage.getStore();
  if (!actor) throw new IntakeError("UNAUTHORIZED", "No actor");
  return actor;
}

/** A signed-in person, admin or not. */
export function user(): User["properties"] {
  const actor = use();
  if (actor.type !== "user") throw new IntakeError("UNAUTHORIZED", "Not a user");
  return actor.properties;
}

/** A signed-in admin. The router checks too; the domain does not rely on it. */
export function admin(): User["properties"] {
  const properties = user();
  if (!properties.isAdmin) throw new IntakeError("FORBIDDEN", "Admins only");
  return properties;
}

/** One of Intake's own processes, never a person. */
export function system(): System["properties"] {
  const actor = use();
  if (actor.type !== "system") throw new IntakeError("FORBIDDEN", "Intake's own processes only");
  return actor.properties;
}
