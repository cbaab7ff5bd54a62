// Commands: what a client asks the server to do. Each carries a client-made id so a retry after a
// lost ack is answered with the first result instead of acting twice.
import { z } from 'zod';
import { LatLonSchema } from './cluster';
import { AssignmentIdSchema, ClusterIdSchema, isPrototypeName, RequestIdSchema } from './ids';
import { DutyStatusSchema, OutcomeSchema, PrioritySchema, ProgressStatusSchema, RequestKindSchema } from './domain';
import { SosFixSchema } from './sos';

export const MAX_NOTE_LENGTH = 1000;
export const MAX_RESPONDERS_WANTED = 6;

/** Client-made command ids: 8–64 url-safe characters (a UUID fits). */
export const CommandIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{8,64}$/, 'must be 8–64 letters, digits, _ or -')
  .refine((id) => !isPrototypeName(id), 'is a reserved name');
const TextSchema = z.string().trim().max(MAX_NOTE_LENGTH);

const command = <T extends string, D extends z.ZodType>(type: T, data: D) =>
  z.strictObject({
    id: CommandIdSchema,
    type: z.literal(type),
    data,
    /** The device's clock when the user acted (ms since epoch); shown as "sent" in receipts. */
    sentAt: z.number().int().positive().optional(),
  });

export const RaiseRequestSchema = command(
  'request:raise',
  z.strictObject({
    kind: RequestKindSchema,
    priority: PrioritySchema,
    note: TextSchema.default(''),
    /** Omitted: the post's own location. Strict like every client object: an extra field is refused. */
    location: z.strictObject(LatLonSchema.shape).optional(),
    respondersWanted: z.number().int().min(1).max(MAX_RESPONDERS_WANTED).default(1),
    /** Required when a dispatcher raises on a commune's behalf; a post may only name its own. */
    commune: ClusterIdSchema.optional(),
  }),
);
export const CancelRequestSchema = command(
  'request:cancel',
  z.strictObject({ requestId: RequestIdSchema, reason: TextSchema.default('') }),
);
export const ResolveRequestSchema = command(
  'request:resolve',
  z.strictObject({ requestId: RequestIdSchema, outcome: OutcomeSchema, note: TextSchema.default('') }),
);
export const AddNoteSchema = command(
  'request:note',
  z.strictObject({ requestId: RequestIdSchema, text: TextSchema.min(1) }),
);
export const AssignOfficerSchema = command(
  'assignment:assign',
  z.strictObject({ requestId: RequestIdSchema, officerId: ClusterIdSchema }),
);
export const UnassignOfficerSchema = command(
  'assignment:unassign',
  z.strictObject({ assignmentId: AssignmentIdSchema, reason: TextSchema.default('') }),
);
export const AcceptAssignmentSchema = command(
  'assignment:accept',
  z.strictObject({ assignmentId: AssignmentIdSchema }),
);
export const DeclineAssignmentSchema = command(
  'assignment:decline',
  z.strictObject({ assignmentId: AssignmentIdSchema, reason: TextSchema.default('') }),
);
export const AdvanceAssignmentSchema = command(
  'assignment:advance',
  z.strictObject({ assignmentId: AssignmentIdSchema, status: ProgressStatusSchema }),
);
export const SetDutySchema = command(
  'officer:set_duty',
  /** officerId: omitted by an officer (its own); a dispatcher names one. */
  z.strictObject({ duty: DutyStatusSchema, officerId: ClusterIdSchema.optional() }),
);
/** Receipt: a dispatcher's console has shown the request (sent once per console; only the first is recorded). */
export const MarkSeenSchema = command('request:mark_seen', z.strictObject({ requestId: RequestIdSchema }));
/** Receipt: the assigned officer's device has received the assignment (only the first is recorded). */
export const MarkDeliveredSchema = command(
  'assignment:mark_delivered',
  z.strictObject({ assignmentId: AssignmentIdSchema }),
);
/** The officer answers a welfare check ("an toàn"), or a dispatcher on the officer's behalf. */
export const ConfirmSafeSchema = command(
  'assignment:confirm_safe',
  z.strictObject({ assignmentId: AssignmentIdSchema }),
);
/** The officer's SOS, with the phone's latest fix; it cannot be withdrawn from the phone. */
export const RaiseSosSchema = command('officer:sos', z.strictObject({ fix: SosFixSchema.optional() }));
/** The officer says "an toàn" on its open SOS: recorded, not closing. */
export const SosSafeSchema = command('officer:sos_safe', z.strictObject({ requestId: RequestIdSchema }));
/** A dispatcher closes an SOS with an outcome. */
export const CloseSosSchema = command(
  'officer:sos_close',
  z.strictObject({ requestId: RequestIdSchema, outcome: OutcomeSchema, note: TextSchema.default('') }),
);

export const CommandSchema = z.discriminatedUnion('type', [
  RaiseRequestSchema,
  CancelRequestSchema,
  ResolveRequestSchema,
  AddNoteSchema,
  AssignOfficerSchema,
  UnassignOfficerSchema,
  AcceptAssignmentSchema,
  DeclineAssignmentSchema,
  AdvanceAssignmentSchema,
  SetDutySchema,
  MarkSeenSchema,
  MarkDeliveredSchema,
  ConfirmSafeSchema,
  RaiseSosSchema,
  SosSafeSchema,
  CloseSosSchema,
]);
/** A command as the server sees it after parsing (defaults filled in). */
export type Command = z.infer<typeof CommandSchema>;
/** A command as a client writes it (defaults may be left out). */
export type CommandInput = z.input<typeof CommandSchema>;
export type CommandType = Command['type'];
export const COMMAND_TYPES = CommandSchema.options.map((o) => o.shape.type.value) as readonly CommandType[];

/** Officer telemetry: not an event in the log, the latest fix per officer is kept. */
export const PositionReportSchema = z.strictObject({
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
  /** Metres, 68% confidence, as the Geolocation API reports it. */
  accuracy: z.number().positive().max(100_000),
  /** Device time of the fix (ms since epoch). */
  at: z.number().int().positive(),
  heading: z.number().min(0).max(360).nullable().optional(),
  speed: z.number().min(0).max(500).nullable().optional(),
});
export type PositionReport = z.infer<typeof PositionReportSchema>;
