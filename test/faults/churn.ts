// A crowd of real DispatchClients (the screens' own client: outbox, resync on every reconnect, shared
// reducer) against one server on loopback, each dropped at random every few seconds while posts raise
// requests, a dispatcher desk assigns and officers answer. Used by the churn fault test and by
// `npm run bench:faults`; it only drives and measures, the callers decide what must hold.
import type { Cluster } from '../../shared/cluster';
import type { Principal } from '../../shared/domain';
import { suggestResponders } from '../../shared/suggest';
import { initialState } from '../../shared/reducer';
import { DispatchClient } from '../../client/net/dispatch-client';
import { memoryOutboxStorage } from '../../client/net/outbox-storage';
import type { ClientAck } from '../../client/net/types';
import { seededRng } from '../../simulator/random';

export interface ChurnOptions {
  url: string;
  cluster: Cluster;
  tokenFor: (principal: Principal) => string;
  /** Total clients: 2% dispatchers (at least 2), half the rest posts, the others officers' phones. */
  clients: number;
  /** How long clients are dropped and requests raised. */
  churnMs: number;
  /** Each client's connection is cut after a random wait in this range, again and again. */
  dropEveryMs: readonly [number, number];
  /** Each post raises a request after a random wait in this range. */
  raiseEveryMs: readonly [number, number];
  /** Seeded so a failing run can be repeated. */
  seed?: number;
  log?: (line: string) => void;
}

export interface ChurnRun {
  dispatchers: DispatchClient[];
  all: DispatchClient[];
  /** Raise commands sent by posts, by command id, with their final ack once it came. */
  raises: Map<string, ClientAck | null>;
  /** Time from a reconnect (socket `connect`) until the client was resynced (`live`), ms. */
  resyncMs: number[];
  /** Time from losing the connection until resynced again (includes Socket.IO's reconnection delay), ms. */
  outageMs: number[];
  /** How many times raise commands went out on the wire (resends after a drop count again). */
  raiseSends: () => number;
  drops: number;
  /** Seqs of the events each dispatcher applied, in order (live and replayed). */
  appliedSeqs: Map<DispatchClient, number[]>;
  /** Stops dropping and raising, then waits for every client to be live with an empty outbox. */
  settle(timeoutMs: number): Promise<void>;
  stop(): void;
}

export async function startChurn(options: ChurnOptions): Promise<ChurnRun> {
  const rng = seededRng(options.seed ?? 42);
  const random = (): number => rng.next();
  const between = ([min, max]: readonly [number, number]) => min + random() * (max - min);
  const base = initialState(options.cluster);
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const later = (ms: number, fn: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      fn();
    }, ms);
    timers.add(timer);
  };
  let churning = true;
  const raises = new Map<string, ClientAck | null>();
  const resyncMs: number[] = [];
  const outageMs: number[] = [];
  let raiseSends = 0;
  const appliedSeqs = new Map<DispatchClient, number[]>();
  let drops = 0;

  const make = (principal: Principal, withOutbox: boolean): DispatchClient => {
    const client = new DispatchClient({
      token: options.tokenFor(principal),
      url: options.url,
      role: principal.role,
      baseState: base,
      ackTimeoutMs: 5000,
      retry: { baseMs: 200, maxMs: 2000 },
      socketOptions: { reconnectionDelay: 100, reconnectionDelayMax: 1000, randomizationFactor: 0.5 },
      ...(withOutbox ? { outbox: memoryOutboxStorage() } : {}),
    });
    // Reconnect → resynced: from the socket's `connect` to the client saying `live`.
    let connectedAt: number | null = null;
    let lostAt: number | null = null;
    client.socket.on('connect', () => {
      connectedAt = performance.now();
    });
    client.socket.on('disconnect', () => {
      lostAt = performance.now();
    });
    client.subscribe(() => {
      if (connectedAt !== null && client.getSnapshot().connection.kind === 'live') {
        const now = performance.now();
        resyncMs.push(now - connectedAt);
        if (lostAt !== null) outageMs.push(now - lostAt);
        connectedAt = null;
        lostAt = null;
      }
    });
    client.socket.onAnyOutgoing((event: string, payload: unknown) => {
      const type = typeof payload === 'object' && payload !== null && 'type' in payload ? payload.type : null;
      if (event === 'command' && type === 'request:raise') raiseSends += 1;
    });
    return client;
  };

  const nDispatchers = Math.max(2, Math.round(options.clients * 0.02));
  const nPosts = Math.floor((options.clients - nDispatchers) / 2);
  const nOfficers = options.clients - nDispatchers - nPosts;
  const dispatchers = Array.from({ length: nDispatchers }, (_, i) =>
    make({ accountId: `churn-desk-${i}`, role: 'dispatcher', displayName: `Bàn ${i}` }, false),
  );
  const posts = Array.from({ length: nPosts }, (_, i) => {
    const commune = options.cluster.communes[i % options.cluster.communes.length]?.id ?? '';
    return make({ accountId: `post-${commune}`, role: 'post', displayName: `Công an xã ${commune}`, commune }, true);
  });
  const officers = Array.from({ length: nOfficers }, (_, i) => {
    const officer = options.cluster.officers[i % options.cluster.officers.length];
    const officerId = officer?.id ?? '';
    const client = make(
      { accountId: `officer-${officerId}`, role: 'officer', displayName: officerId, officerId },
      true,
    );
    return { client, officerId, first: i < options.cluster.officers.length };
  });
  const all = [...dispatchers, ...posts, ...officers.map((o) => o.client)];
  for (const d of dispatchers) {
    const seqs: number[] = [];
    appliedSeqs.set(d, seqs);
    d.onEvent((e) => seqs.push(e.seq));
  }
  await Promise.all(all.map((c) => c.start()));

  // Officers: each officer's first phone goes on duty; every phone answers its assignments, mostly yes.
  for (const { client, officerId, first } of officers) {
    if (first) void client.send({ type: 'officer:set_duty', data: { duty: 'available' } });
    const answered = new Set<string>();
    client.onEvent((e) => {
      if (e.type !== 'assignment:created' || e.data.officerId !== officerId || answered.has(e.data.assignmentId))
        return;
      answered.add(e.data.assignmentId);
      const assignmentId = e.data.assignmentId;
      void client.sendNow({ type: 'assignment:mark_delivered', data: { assignmentId } }).catch(() => undefined);
      later(between([100, 600]), () => {
        if (random() < 0.15) {
          void client.send({ type: 'assignment:decline', data: { assignmentId, reason: 'đang bận' } });
          return;
        }
        void client.send({ type: 'assignment:accept', data: { assignmentId } }).then(async (ack) => {
          if (!ack.ok) return;
          for (const status of ['en_route', 'on_scene', 'released'] as const) {
            await new Promise((r) => later(between([200, 800]), () => r(null)));
            const step = await client.send({ type: 'assignment:advance', data: { assignmentId, status } });
            if (!step.ok) return;
          }
        });
      });
    });
  }

  // The desk (first dispatcher): marks requests seen, assigns the best suggestion, resolves what is done.
  const desk = dispatchers[0];
  const deskTick = () => {
    if (!desk) return;
    const { state, positions, connection } = desk.getSnapshot();
    if (connection.kind === 'live') {
      const taken = new Set<string>();
      for (const r of Object.values(state.requests)) {
        if (r.seenAt == null)
          void desk.sendNow({ type: 'request:mark_seen', data: { requestId: r.id } }).catch(() => undefined);
        if (r.status === 'open') {
          const best = suggestResponders(state, positions, options.cluster, r.id).find(
            (s) => !s.declinedBefore && !taken.has(s.officerId),
          );
          if (best) {
            taken.add(best.officerId);
            void desk
              .sendNow({ type: 'assignment:assign', data: { requestId: r.id, officerId: best.officerId } })
              .catch(() => undefined);
          }
        }
        const done = r.assignmentIds.some((id) => state.assignments[id]?.status === 'released');
        const active = r.assignmentIds.some((id) =>
          ['pending', 'accepted', 'en_route', 'on_scene'].includes(state.assignments[id]?.status ?? ''),
        );
        if (r.status === 'dispatched' && done && !active) {
          void desk
            .sendNow({ type: 'request:resolve', data: { requestId: r.id, outcome: 'handled', note: '' } })
            .catch(() => undefined);
        }
      }
    }
    later(300, deskTick);
  };
  later(300, deskTick);

  // Posts raise through their outbox (same id on every resend); the final ack is kept.
  for (const post of posts) {
    const raise = () => {
      if (!churning) return;
      const id = crypto.randomUUID();
      raises.set(id, null);
      void post
        .send({ id, type: 'request:raise', data: { kind: 'fight', priority: 'high', note: 'churn' } })
        .then((ack) => raises.set(id, ack));
      // Often cut the link right behind the command, so that it or its ack is lost on the way and the
      // outbox must resend it with the same id.
      if (random() < 0.3) {
        later(between([0, 4]), () => {
          if (post.socket.connected) {
            drops += 1;
            post.socket.io.engine.close();
          }
        });
      }
      later(between(options.raiseEveryMs), raise);
    };
    later(between(options.raiseEveryMs), raise);
  }

  // Every client is cut again and again: the transport closes as a dropped mobile link would.
  for (const client of all) {
    const drop = () => {
      if (!churning) return;
      if (client.socket.connected) {
        drops += 1;
        if (random() < 0.5) client.socket.io.engine.close();
        else {
          client.socket.disconnect();
          later(between([50, 500]), () => client.socket.connect());
        }
      }
      later(between(options.dropEveryMs), drop);
    };
    later(between(options.dropEveryMs), drop);
  }

  const stopChurn = () => {
    churning = false;
  };
  later(options.churnMs, stopChurn);

  return {
    dispatchers,
    all,
    raises,
    resyncMs,
    outageMs,
    raiseSends: () => raiseSends,
    get drops() {
      return drops;
    },
    appliedSeqs,
    async settle(timeoutMs) {
      stopChurn();
      // A client cut by disconnect() may be between its disconnect and its scheduled connect.
      for (const c of all) if (!c.socket.connected && !c.socket.active) c.socket.connect();
      const deadline = performance.now() + timeoutMs;
      for (;;) {
        const pendingRaises = [...raises.values()].filter((a) => a === null).length;
        const notLive = all.filter((c) => c.getSnapshot().connection.kind !== 'live').length;
        const queued = all.reduce((n, c) => n + c.getSnapshot().outbox.length, 0);
        if (pendingRaises === 0 && notLive === 0 && queued === 0) return;
        if (performance.now() > deadline) {
          throw new Error(
            `not settled: ${pendingRaises} raises unanswered, ${notLive} clients not live, ${queued} queued`,
          );
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    stop() {
      churning = false;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      for (const c of all) c.stop();
    },
  };
}
