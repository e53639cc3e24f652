// Who is asking, carried through a call instead of passing user ids everywhere.
import { AsyncLocalStorage } from "node:async_hooks";
import { IntakeError } from "./errors";

export * as Actor from "./actor";

export interface User {
  type: "user";
  properties: { userId: string; email?: string; isAdmin: boolean };
}
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

export function user(): User["properties"] {
  const actor = use();
  if (actor.type !== "user") throw new IntakeError("UNAUTHORIZED", "Not a user");
  return actor.properties;
}

export function isAdmin(): boolean {
  const actor = use();
  return actor.type === "system" || actor.properties.isAdmin;
}
