// Events: the system of record. Every state change is one event with a cluster-wide, gap-free seq.
// Each request event names its request and commune, and each assignment event also its officer, so
// who may see an event can be told from the event itself.
import { z } from 'zod';
import { LatLonSchema } from './cluster';
import {
  ActorSchema,
  DutyStatusSchema,
  LocationSourceSchema,
  OutcomeSchema,
  PrioritySchema,
  ProgressStatusSchema,
  RequestKindSchema,
} from './domain';
import { AssignmentIdSchema, ClusterIdSchema, NoteIdSchema, RequestIdSchema } from './ids';
import { SosFixSchema } from './sos';

const RequestRef = { requestId: RequestIdSchema, commune: ClusterIdSchema };
const AssignmentRef = { ...RequestRef, assignmentId: AssignmentIdSchema, officerId: ClusterIdSchema };

const body = <T extends string, D extends z.ZodType>(type: T, data: D) => z.object({ type: z.literal(type), data });

export const EventBodySchema = z.discriminatedUnion('type', [
  body(
    'request:raised',
    z.object({
      ...RequestRef,
      number: z.number().int().positive(),
      kind: RequestKindSchema,
      priority: PrioritySchema,
      location: LatLonSchema,
      locationSource: LocationSourceSchema,
      note: z.string(),
      respondersWanted: z.number().int().positive(),
      clientSentAt: z.number().nullable(),
    }),
  ),
  body('request:cancelled', z.object({ ...RequestRef, reason: z.string() })),
  body('request:resolved', z.object({ ...RequestRef, outcome: OutcomeSchema, note: z.string() })),
  body('request:note_added', z.object({ ...RequestRef, noteId: NoteIdSchema, text: z.string() })),
  /** The request has waited `waitedMs` with no responder; `level` counts the alarms so far (escalation). */
  body(
    'request:unassigned_alert',
    z.object({ ...RequestRef, level: z.number().int().positive(), waitedMs: z.number() }),
  ),
  /** `replaces`: set when the server reassigned automatically after that assignment expired or was declined. */
  body(
    'assignment:created',
    z.object({ ...AssignmentRef, deadlineAt: z.number(), replaces: AssignmentIdSchema.optional() }),
  ),
  body('assignment:accepted', z.object(AssignmentRef)),
  body('assignment:declined', z.object({ ...AssignmentRef, reason: z.string() })),
  body('assignment:expired', z.object(AssignmentRef)),
  body('assignment:removed', z.object({ ...AssignmentRef, reason: z.string() })),
  /** en_route / on_scene / released; a dispatcher may report on the officer's behalf (see the actor). */
  body('assignment:progressed', z.object({ ...AssignmentRef, status: ProgressStatusSchema })),
  body('officer:duty_changed', z.object({ officerId: ClusterIdSchema, duty: DutyStatusSchema })),
  /** Receipt: first shown on a dispatcher's console (the actor is that dispatcher). */
  body('request:seen', z.object(RequestRef)),
  /** Receipt: first received by the assigned officer's device. */
  body('assignment:delivered', z.object(AssignmentRef)),
  /** The officer has been on scene with no update for the welfare interval: "an toàn?" (system). */
  body('assignment:welfare_check', z.object(AssignmentRef)),
  /** The check was answered "an toàn" (by the officer, or a dispatcher on the officer's behalf). */
  body('assignment:welfare_confirmed', z.object(AssignmentRef)),
  /** The check went unanswered (system); `officerCommune` is the officer's own commune, whose post is told too. */
  body(
    'assignment:welfare_alert',
    z.object({ ...AssignmentRef, officerCommune: ClusterIdSchema, checkAt: z.number() }),
  ),
  /** An officer holding an active assignment has had no device connected since `offlineSince` (system). */
  body(
    'officer:offline_alert',
    z.object({ ...RequestRef, officerId: ClusterIdSchema, assignmentId: AssignmentIdSchema, offlineSince: z.number() }),
  ),
  /**
   * A request closed longer ago than the live window leaves the live state (system, clock-driven); it
   * stays in the log and in the history read model. `officerIds`: who held it, whose phones drop it too.
   */
  body('request:archived', z.object({ ...RequestRef, officerIds: z.array(z.string()).max(1000) })),
  /** An officer's SOS, right after the `request:raised` that made its request; `alertCommunes` are alerted. */
  body(
    'officer:sos_raised',
    z.object({
      ...RequestRef,
      officerId: ClusterIdSchema,
      alertCommunes: z.array(ClusterIdSchema).max(64),
      fix: SosFixSchema.nullable(),
    }),
  ),
  /** The officer said "an toàn" on its open SOS (recorded; the SOS stays open). */
  body('officer:sos_safe', z.object({ ...RequestRef, officerId: ClusterIdSchema })),
  /** The SOS officer's phone has been silent (no device connected) since `silentSince` (system). */
  body('officer:sos_lost_contact', z.object({ ...RequestRef, officerId: ClusterIdSchema, silentSince: z.number() })),
  /** A dispatcher closed the SOS with an outcome; its request is resolved. */
  body(
    'officer:sos_closed',
    z.object({ ...RequestRef, officerId: ClusterIdSchema, outcome: OutcomeSchema, note: z.string() }),
  ),
]);
export type EventBody = z.infer<typeof EventBodySchema>;
export type EventType = EventBody['type'];
export const EVENT_TYPES = EventBodySchema.options.map((o) => o.shape.type.value) as readonly EventType[];

export const EventMetaSchema = z.object({
  seq: z.number().int().positive(),
  /** Server time, ms since epoch. */
  at: z.number(),
  actor: ActorSchema,
  /** The client command that caused it; null for timers. */
  commandId: z.string().nullable(),
});
export type EventMeta = z.infer<typeof EventMetaSchema>;

export const DispatchEventSchema = z.intersection(EventMetaSchema, EventBodySchema);
export type DispatchEvent = EventMeta & EventBody;

/** An event before the log has given it a seq. */
export type EventDraft = Omit<EventMeta, 'seq'> & EventBody;

export type EventOf<T extends EventType> = Extract<DispatchEvent, { type: T }>;
