// The layout of the event log in Redis, and decoding of raw stream replies. Entry ids are
// `<seq>-0`, so "events after seq N" is XRANGE from `<N+1>-0` with no index to keep.
import { describeIssues } from '../../shared/cluster';
import { DispatchEventSchema, type DispatchEvent } from '../../shared/events';

export interface RedisKeys {
  /** The stream: one entry per event, field `e` holds the event as JSON. */
  log: string;
  /** The head seq (string integer); the append script's guard. */
  head: string;
  /** Hash { seq, data }: the latest snapshot as JSON. */
  snapshot: string;
}

export function redisKeys(prefix: string): RedisKeys {
  return { log: `${prefix}log`, head: `${prefix}head`, snapshot: `${prefix}snapshot` };
}

export const EVENT_FIELD = 'e';

export function entryId(seq: number): string {
  return `${seq}-0`;
}

export function seqOfEntryId(id: string): number {
  const seq = Number(id.slice(0, id.indexOf('-')));
  if (!Number.isSafeInteger(seq) || seq <= 0) throw new Error(`unexpected stream entry id ${id}`);
  return seq;
}

/** Decodes a raw XRANGE reply (RESP2: [[id, [field, value, …]], …]) into events in order. */
export function decodeEntries(reply: unknown): DispatchEvent[] {
  if (!Array.isArray(reply)) throw new Error('unexpected stream reply');
  return reply.map((entry: unknown) => {
    if (!Array.isArray(entry) || entry.length !== 2) throw new Error('unexpected stream entry');
    const [id, fields] = entry as [unknown, unknown];
    if (!Array.isArray(fields)) throw new Error('unexpected stream entry fields');
    const at = fields.indexOf(EVENT_FIELD);
    const json: unknown = at >= 0 ? fields[at + 1] : undefined;
    if (typeof json !== 'string') throw new Error(`stream entry ${String(id)} has no event`);
    const event = parseEntry(String(id), json);
    if (event.seq !== seqOfEntryId(String(id))) throw new Error(`stream entry ${String(id)} holds seq ${event.seq}`);
    return event;
  });
}

/**
 * A damaged entry stops start-up naming it (the stream is the system of record: skipping it would lose
 * an acknowledged event silently).
 */
function parseEntry(id: string, json: string): DispatchEvent {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (error) {
    throw new Error(`stream entry ${id}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const parsed = DispatchEventSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`stream entry ${id}: not a valid event (${describeIssues(parsed.error)})`);
  return parsed.data as DispatchEvent;
}

/** Decodes a raw XREAD reply for one stream ([[key, entries]] or null on timeout). */
export function decodeReadReply(reply: unknown): DispatchEvent[] {
  if (reply === null || reply === undefined) return [];
  if (!Array.isArray(reply)) throw new Error('unexpected XREAD reply');
  const first: unknown = reply[0];
  if (first === undefined) return [];
  if (!Array.isArray(first) || first.length !== 2) throw new Error('unexpected XREAD stream reply');
  return decodeEntries(first[1]);
}
