// Ids on the wire and records keyed by them. Every id a client sends has the exact shape the server
// makes (`r12`, `a13`, `n14`) or the cluster file gives (`pl-1`, `phu-long`), so a name such as
// `__proto__` or `constructor` is refused before it reaches the domain; and every record map is read
// with an own-property check, so even an id that slipped through can never answer with a prototype's member.
import { z } from 'zod';

/** Names every plain object answers to; none may be an id. */
const PROTOTYPE_NAMES: ReadonlySet<string> = new Set([
  ...Object.getOwnPropertyNames(Object.prototype),
  ...Object.getOwnPropertyNames(Function.prototype),
  'prototype',
]);

export function isPrototypeName(id: string): boolean {
  return PROTOTYPE_NAMES.has(id);
}

/** Cluster-file ids (communes, posts, officers): lower-case letters, digits and dashes. */
export const ClusterIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be lower-case letters, digits and dashes')
  .refine((id) => !isPrototypeName(id), 'is a reserved name');

/** The ids the server makes from the seq: a letter and a positive integer. */
const serverId = (letter: string) =>
  z.string().regex(new RegExp(`^${letter}[1-9][0-9]{0,14}$`), `must be "${letter}" and a number, e.g. ${letter}12`);
export const RequestIdSchema = serverId('r');
export const AssignmentIdSchema = serverId('a');
export const NoteIdSchema = serverId('n');

export function hasOwn(map: object, id: string): boolean {
  return Object.prototype.hasOwnProperty.call(map, id);
}

/** `map[id]` only when it is the map's own record, never something inherited. */
export function ownRecord<T>(map: Readonly<Record<string, T>>, id: string): T | undefined {
  return hasOwn(map, id) ? map[id] : undefined;
}

/**
 * Writes `map[id]` as an own property. An assignment would call the `__proto__` setter for that name;
 * defineProperty never does.
 */
export function setOwn<T>(map: Record<string, T>, id: string, value: T): void {
  Object.defineProperty(map, id, { value, writable: true, enumerable: true, configurable: true });
}
