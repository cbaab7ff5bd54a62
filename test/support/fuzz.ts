// Random and adversarial frames against a real server (fast-check generates them), shared by the
// property test (a few thousand frames) and `npm run bench:fuzz` (100,000+). Frames are written as raw
// Socket.IO text so nothing is lost to the client library's own encoding: `__proto__` keys at any
// level, 1e999 (Infinity), lone surrogates, nesting thousands deep, wide arrays, binary attachments,
// broken JSON. After every frame: the ack is a known shape with a code from the fixed list, and seq
// moved only for an accepted command. Every so often /healthz must say ok. At the end a restart on the
// same data dir must reproduce the same state.
import fc from 'fast-check';
import { COMMAND_TYPES } from '../../shared/commands';
import {
  DUTY_STATUSES,
  OUTCOMES,
  PRIORITIES,
  PROGRESS_STATUSES,
  REQUEST_KINDS,
  type Principal,
} from '../../shared/domain';
import { ERROR_CODES } from '../../shared/protocol';
import { deepArrayJson, deepObjectJson, rawSender, type RawSender } from './raw-frames';
import { principals } from './test-auth';
import { connectAs, newCommandId, type TestClient } from './test-client';
import { startTestServer, type TestServer } from './test-server';

const PROTOTYPE_NAMES = [
  ...Object.getOwnPropertyNames(Object.prototype),
  ...Object.getOwnPropertyNames(Function.prototype),
  'prototype',
];

const j = (v: unknown): string => JSON.stringify(v);
const pick = <T>(values: readonly T[]) => fc.constantFrom(...values);

const oddString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 20 }).map(j),
  pick(['\\ud800', '\\udfff x', '\\u202e\\u0000', '\\u200b', 'e\\u0301', '\\ud83d\\ude93']).map((s) => `"${s}"`),
  pick(PROTOTYPE_NAMES).map(j),
);
const number = fc.oneof(
  pick(['0', '-0', '1e999', '-1e999', '1e-999', '9007199254740993', '-1', '1.5', '20.25', '105.7']),
  fc.integer().map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map(j),
);
const leaf = fc.oneof(pick(['null', 'true', 'false']), number, oddString);
const key = fc.oneof(
  pick([
    ...PROTOTYPE_NAMES,
    'id',
    'type',
    'data',
    'requestId',
    'assignmentId',
    'officerId',
    'location',
    'lat',
    'lastSeq',
  ]),
  fc.string({ maxLength: 8 }),
);
/** Any JSON text of modest depth, with prototype names as keys at any level. */
const json: fc.Arbitrary<string> = fc.letrec<{ node: string; arr: string; obj: string }>((tie) => ({
  node: fc.oneof({ maxDepth: 4, depthSize: 'small' }, leaf, tie('arr'), tie('obj')),
  arr: fc.array(tie('node'), { maxLength: 5 }).map((xs) => `[${xs.join(',')}]`),
  obj: fc
    .array(fc.tuple(key, tie('node')), { maxLength: 5 })
    .map((es) => `{${es.map(([k, v]) => `${j(k)}:${v}`).join(',')}}`),
})).node;

/** Values a real client would send for each data field, with some hostile ones mixed in. */
const FIELD_VALUES: Record<string, readonly string[]> = {
  kind: [...REQUEST_KINDS, 'alien'].map(j),
  priority: [...PRIORITIES, 'urgent'].map(j),
  commune: ['ky-phu', 'phu-long', 'thanh-van', '__proto__', 'constructor'].map(j),
  requestId: ['r1', 'r2', 'r3', 'r5', 'r8', 'r13', 'r0', '__proto__', 'toString'].map(j),
  assignmentId: ['a2', 'a3', 'a4', 'a6', 'a9', '__proto__', 'valueOf'].map(j),
  officerId: ['kp-1', 'kp-2', 'pl-1', 'tv-3', 'toString', 'hasOwnProperty'].map(j),
  text: ['ghi chú', '', ' ', 'x'].map(j),
  note: ['', 'cần hỗ trợ'].map(j),
  reason: ['', 'lý do'].map(j),
  duty: [...DUTY_STATUSES, 'asleep'].map(j),
  status: [...PROGRESS_STATUSES, 'teleported'].map(j),
  outcome: [...OUTCOMES, 'maybe'].map(j),
  respondersWanted: ['1', '2', '0', '7', '1e999'],
  location: ['{"lat":20.25,"lon":105.7}', '{"lat":1e999,"lon":105}', '{"lat":20.2,"lon":105.7,"__proto__":{}}'],
};
const FIELDS = Object.keys(FIELD_VALUES);
/** The fields each command type takes (its schema's). */
const TYPE_FIELDS: Record<string, readonly string[]> = {
  'request:raise': ['kind', 'priority', 'commune', 'note', 'respondersWanted', 'location'],
  'request:cancel': ['requestId', 'reason'],
  'request:resolve': ['requestId', 'outcome', 'note'],
  'request:note': ['requestId', 'text'],
  'assignment:assign': ['requestId', 'officerId'],
  'assignment:unassign': ['assignmentId', 'reason'],
  'assignment:accept': ['assignmentId'],
  'assignment:decline': ['assignmentId', 'reason'],
  'assignment:advance': ['assignmentId', 'status'],
  'officer:set_duty': ['duty', 'officerId'],
  'request:mark_seen': ['requestId'],
  'assignment:mark_delivered': ['assignmentId'],
  'assignment:confirm_safe': ['assignmentId'],
};

/** A command shaped like the real ones: mostly valid, so some are accepted and the state moves. */
const plausibleCommand = fc
  .record({
    id: fc.oneof({ weight: 9, arbitrary: fc.constant('fresh') }, { weight: 1, arbitrary: oddString }),
    type: fc.oneof({ weight: 9, arbitrary: pick(COMMAND_TYPES) }, { weight: 1, arbitrary: oddString }),
    ownFields: fc.integer({ min: 0, max: 9 }).map((n) => n < 8),
    fields: fc.uniqueArray(pick(FIELDS), { maxLength: 4 }),
    values: fc.array(fc.nat(), { minLength: 6, maxLength: 6 }),
    extra: fc.oneof({ weight: 9, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.tuple(key, json) }),
  })
  .map(({ id, type, ownFields, fields, values, extra }) => {
    const own = TYPE_FIELDS[type];
    const chosen = ownFields && own ? own : fields;
    const entries = chosen.map((f, i) => {
      const pool = FIELD_VALUES[f] ?? ['null'];
      // Mostly the first (valid) value of the pool, so that commands get past the schema to the domain.
      const n = values[i] ?? 0;
      return `${j(f)}:${pool[n % 3 === 0 ? n % pool.length : 0]}`;
    });
    if (extra) entries.push(`${j(extra[0])}:${extra[1]}`);
    const idText = id === 'fresh' ? j(newCommandId()) : id;
    const typeText = own ? j(type) : type;
    return `{"id":${idText},"type":${typeText},"data":{${entries.join(',')}}}`;
  });

export type Frame =
  | { kind: 'event'; event: string; payload: string; extraArg: boolean }
  | { kind: 'binary'; event: string; payload: string }
  | { kind: 'broken'; text: string };

const EVENTS = ['command', 'sync', 'position:report'];

export const frameArbitrary: fc.Arbitrary<Frame> = fc.oneof(
  {
    weight: 60,
    arbitrary: fc.record({
      kind: fc.constant('event' as const),
      event: fc.constant('command'),
      payload: plausibleCommand,
      extraArg: fc.integer({ min: 0, max: 19 }).map((n) => n === 0),
    }),
  },
  {
    weight: 20,
    arbitrary: fc.record({
      kind: fc.constant('event' as const),
      event: fc.oneof(pick(EVENTS), pick(['no:such', 'constructor', '__proto__', 'connect', 'disconnect'])),
      payload: fc.oneof(
        json,
        fc.constant('{"lastSeq":0}'),
        fc
          .record({ lat: number, lon: number, accuracy: number, at: number })
          .map(({ lat, lon, accuracy, at }) => `{"lat":${lat},"lon":${lon},"accuracy":${accuracy},"at":${at}}`),
      ),
      extraArg: fc.boolean(),
    }),
  },
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constant('event' as const),
      event: pick(EVENTS),
      payload: fc.oneof(
        fc.integer({ min: 9, max: 20_000 }).map(deepArrayJson),
        fc.integer({ min: 9, max: 5_000 }).map(deepObjectJson),
        fc.integer({ min: 2_001, max: 20_000 }).map((n) => `[${new Array<string>(n).fill('0').join(',')}]`),
      ),
      extraArg: fc.constant(false),
    }),
  },
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('binary' as const),
      event: pick(EVENTS),
      payload: fc.oneof(json, fc.integer({ min: 1, max: 3_000 }).map(deepArrayJson)),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('broken' as const),
      text: pick([
        '[',
        '["command",NaN]',
        '["command",{"a":1}',
        '["sync",undefined]',
        '\u0000',
        '["command",{"lat":Infinity}]',
      ]),
    }),
  },
);

export interface FuzzStats {
  frames: number;
  seconds: number;
  /** Ack codes seen (`ok` for accepted), with counts. */
  codes: Map<string, number>;
  /** Connections the server closed (broken JSON, frames over the transport limit), each reconnected. */
  reconnects: number;
  accepted: number;
  finalSeq: number;
  healthChecks: number;
  restartedSameState: boolean;
}

interface Seat {
  principal: Principal;
  client: TestClient;
  raw: RawSender;
}

const SEATS: Principal[] = [
  principals.dispatcher(),
  principals.post('ky-phu'),
  principals.officer('kp-1'),
  principals.officer('kp-2'),
];

export interface FuzzOptions {
  frames: number;
  seed: number;
  /** Called every `every` frames with progress. */
  progress?: (done: number) => void;
  every?: number;
}

/** Runs the frames; throws (naming the seed and frame) at the first broken rule. */
export async function runFuzz(options: FuzzOptions): Promise<FuzzStats> {
  // Every refusal is logged as a warning: tens of thousands of lines that would hide the result.
  const warn = console.warn;
  console.warn = () => undefined;
  let t: TestServer = await startTestServer();
  const started = performance.now();
  const codes = new Map<string, number>();
  const stats = { reconnects: 0, accepted: 0, healthChecks: 0 };
  const connect = async (principal: Principal): Promise<Seat> => {
    const client = await connectAs(t, principal);
    return { principal, client, raw: rawSender(client) };
  };
  const seats = await Promise.all(SEATS.map(connect));
  const frames = fc.sample(frameArbitrary, { numRuns: options.frames, seed: options.seed });
  try {
    for (const [i, frame] of frames.entries()) {
      const where = `seed ${options.seed}, frame ${i}: ${describe(frame)}`;
      const s = i % seats.length;
      let seat = seats[s] as Seat;
      if (!seat.client.socket.connected) {
        seat.client.close();
        seat = await connect(seat.principal);
        seats[s] = seat;
        stats.reconnects++;
      }
      const before = t.seq();
      const ack = await sendFrame(seat, frame);
      if (ack === 'closed') {
        if (t.seq() !== before) throw new Error(`${where}: seq moved on a closed connection`);
        continue;
      }
      const code = checkAck(ack, where);
      codes.set(code, (codes.get(code) ?? 0) + 1);
      const after = t.seq();
      const accepted = frame.kind === 'event' && frame.event === 'command' && code === 'ok';
      if (after !== before && !(accepted && (ack as { seq?: unknown }).seq === after)) {
        throw new Error(`${where}: seq moved ${before} → ${after} for ack ${JSON.stringify(ack)}`);
      }
      if (accepted && after !== before) stats.accepted++;
      if (i % 500 === 0) {
        const health = await fetch(`${t.url}/healthz`);
        if (health.status !== 200) throw new Error(`${where}: /healthz answered ${health.status}`);
        stats.healthChecks++;
      }
      if (options.progress && options.every && (i + 1) % options.every === 0) options.progress(i + 1);
    }
    const seconds = (performance.now() - started) / 1000;
    for (const seat of seats) seat.client.close();
    const state = t.server.engine.state;
    t = await t.restart();
    const restartedSameState = JSON.stringify(t.server.engine.state) === JSON.stringify(state);
    return { frames: frames.length, seconds, codes, ...stats, finalSeq: t.seq(), restartedSameState };
  } finally {
    for (const seat of seats) seat.client.close();
    await t.stop();
    console.warn = warn;
  }
}

function describe(frame: Frame): string {
  const text = frame.kind === 'broken' ? frame.text : `${frame.kind} ${frame.event} ${frame.payload}`;
  return text.length > 200 ? `${text.slice(0, 200)}… (${text.length} chars)` : text;
}

/** The ack's code (`ok` when accepted); throws when the ack is not one the protocol allows. */
function checkAck(ack: unknown, where: string): string {
  if (typeof ack !== 'object' || ack === null || !('ok' in ack))
    throw new Error(`${where}: ack ${JSON.stringify(ack)}`);
  if (ack.ok === true) return 'ok';
  const code = 'code' in ack ? ack.code : undefined;
  if (ack.ok !== false || !(ERROR_CODES as readonly unknown[]).includes(code)) {
    throw new Error(`${where}: ack ${JSON.stringify(ack)} has no known code`);
  }
  return String(code);
}

/** Sends one frame; resolves its ack, or 'closed' when the server closed the connection instead. */
function sendFrame(seat: Seat, frame: Frame): Promise<unknown> {
  const socket = seat.client.socket;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ack and no close within 10 s`)), 10_000);
    const onClose = () => finish('closed');
    const finish = (value: unknown) => {
      clearTimeout(timer);
      socket.off('disconnect', onClose);
      resolve(value);
    };
    socket.once('disconnect', onClose);
    if (frame.kind === 'broken') {
      seat.raw.send(frame.text.startsWith('[') ? frame.text : `[${j(frame.text)}]`).then(finish, reject);
      // Broken JSON closes the connection; a frame the parser accepted after all gets its ack.
      return;
    }
    const args = frame.kind === 'event' && frame.extraArg ? `,${frame.payload},1` : `,${frame.payload}`;
    const text = `[${j(frame.event)}${args}]`;
    const sent =
      frame.kind === 'binary'
        ? seat.raw.send(text.replace(/\]$/, ',{"_placeholder":true,"num":0}]'), [Buffer.from([1, 2, 3])])
        : seat.raw.send(text);
    sent.then(finish, reject);
  });
}
