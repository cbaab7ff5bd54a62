// The history read model's records and queries, shared by the server (which builds them from the log)
// and the console (which searches and shows them). A record is a request as the reducer last held it,
// with its assignments; a summary is the part a search or a report reads.
import { z } from 'zod';
import type { OfficerPosition } from './protocol';
import {
  OutcomeSchema,
  PrioritySchema,
  RequestKindSchema,
  type Assignment,
  type DispatchRequest,
  type DispatchState,
  type Outcome,
  type Priority,
  type RequestKind,
  type RequestStatus,
  type TimelineEntry,
} from './domain';

export interface HistoryRecord {
  request: DispatchRequest;
  assignments: Assignment[];
  /** Seq of the `request:archived` event; null while the request is still live. */
  archivedSeq: number | null;
}

/** The steps of a response, in order; each is the first time it happened (server time), or null. */
export interface ResponseSteps {
  raised: number;
  seen: number | null;
  assigned: number | null;
  accepted: number | null;
  enRoute: number | null;
  onScene: number | null;
  /** Resolved (not cancelled). */
  resolved: number | null;
}

export interface HistorySummary {
  id: string;
  number: number;
  commune: string;
  kind: RequestKind;
  priority: Priority;
  status: RequestStatus;
  outcome: Outcome | null;
  closedAt: number | null;
  officerIds: string[];
  steps: ResponseSteps;
  /** The note, later notes and the closing note, lower-cased, for text search. */
  text: string;
}

const TEXT_LIMIT = 2000;

export function recordOf(state: DispatchState, requestId: string): HistoryRecord | null {
  const request = Object.hasOwn(state.requests, requestId) ? state.requests[requestId] : undefined;
  if (!request) return null;
  const assignments = request.assignmentIds.flatMap((id) =>
    Object.hasOwn(state.assignments, id) && state.assignments[id] ? [state.assignments[id]] : [],
  );
  return { request, assignments, archivedSeq: null };
}

const earliest = (values: (number | null | undefined)[]): number | null => {
  let best: number | null = null;
  for (const v of values) if (typeof v === 'number' && (best === null || v < best)) best = v;
  return best;
};

export function stepsOf(record: HistoryRecord): ResponseSteps {
  const { request, assignments } = record;
  return {
    raised: request.raisedAt,
    seen: request.seenAt ?? null,
    assigned: earliest(assignments.map((a) => a.assignedAt)),
    accepted: earliest(assignments.map((a) => a.acceptedAt)),
    enRoute: earliest(assignments.map((a) => a.enRouteAt)),
    onScene: earliest(assignments.map((a) => a.onSceneAt)),
    resolved: request.status === 'resolved' ? request.closedAt : null,
  };
}

export function summarize(record: HistoryRecord): HistorySummary {
  const { request } = record;
  const text = [request.note, ...request.notes.map((n) => n.text), request.closeReason ?? '']
    .filter((t) => t !== '')
    .join('\n')
    .toLowerCase()
    .slice(0, TEXT_LIMIT);
  return {
    id: request.id,
    number: request.number,
    commune: request.commune,
    kind: request.kind,
    priority: request.priority,
    status: request.status,
    outcome: request.outcome,
    closedAt: request.closedAt,
    officerIds: [...new Set(record.assignments.map((a) => a.officerId))],
    steps: stepsOf(record),
    text,
  };
}

const ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
const optionalId = z.string().regex(ID).optional();
const time = z.coerce.number().int().min(0).max(8.64e15).optional();

/** Query string of a history search; everything optional, a post's commune is forced by the server. */
export const HistoryQuerySchema = z.object({
  commune: optionalId,
  kind: RequestKindSchema.optional(),
  priority: PrioritySchema.optional(),
  officer: optionalId,
  outcome: z.union([OutcomeSchema, z.literal('cancelled'), z.literal('open')]).optional(),
  /** Raised at or after `from` and before `to` (ms since epoch). */
  from: time,
  to: time,
  q: z.string().max(200).optional(),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type HistoryQuery = z.infer<typeof HistoryQuerySchema>;

/** Whether a summary matches a query's filters (not its paging). */
export function matches(s: HistorySummary, q: Omit<HistoryQuery, 'offset' | 'limit'>): boolean {
  if (q.commune !== undefined && s.commune !== q.commune) return false;
  if (q.kind !== undefined && s.kind !== q.kind) return false;
  if (q.priority !== undefined && s.priority !== q.priority) return false;
  if (q.officer !== undefined && !s.officerIds.includes(q.officer)) return false;
  if (q.outcome !== undefined && outcomeOf(s) !== q.outcome) return false;
  if (q.from !== undefined && s.steps.raised < q.from) return false;
  if (q.to !== undefined && s.steps.raised >= q.to) return false;
  if (q.q !== undefined && q.q.trim() !== '' && !s.text.includes(q.q.trim().toLowerCase())) return false;
  return true;
}

/** What happened to a request, for counts: the resolution's outcome, cancelled, or still open. */
export function outcomeOf(s: Pick<HistorySummary, 'status' | 'outcome'>): Outcome | 'cancelled' | 'open' {
  if (s.status === 'cancelled') return 'cancelled';
  if (s.status === 'resolved') return s.outcome ?? 'other';
  return 'open';
}

export interface HistoryPage {
  ok: true;
  items: HistorySummary[];
  total: number;
  offset: number;
}

/** GET /api/replay: a period's requests, the kept officer fixes and every timeline entry in it. */
export interface ReplayData {
  ok: true;
  from: number;
  to: number;
  requests: HistoryRecord[];
  tracks: OfficerPosition[];
  /** Timeline entries of those requests in the period, in time order, naming their request. */
  events: (TimelineEntry & { requestId: string })[];
}
