// Presence is the officers' devices on every node, in one place: this node's index (presence-index.ts),
// the questions to the other nodes through the Socket.IO adapter, and the `presence` broadcasts to the
// dispatchers (in batches, presence-batch.ts). The socket handlers tell it who connects and leaves; the
// timers ask it who is offline.
// On one node the local counts are the whole truth and an update goes into the next batch; with several,
// an officer's last device leaving here is only "offline" once no other node has one, and a dispatcher's
// first list includes the officers connected elsewhere.
import type { DispatchState } from '../../shared/domain';
import type { OfficerPosition, PresenceUpdate } from '../../shared/protocol';
import type { Clock } from '../clock';
import { DISPATCHERS_ROOM, officerRoom } from '../domain/audience';
import type { DispatchIo, DispatchSocket } from '../socket';
import type { TimerPresence } from '../timers';
import { PresenceBatch } from './presence-batch';
import { PresenceIndex } from './presence-index';

/** How long a question to the other nodes may take before a node goes by what it knows itself. */
const PRESENCE_QUERY_TIMEOUT_MS = 2000;

export interface PresenceDeps {
  io: DispatchIo;
  clock: Clock;
  /** The head state: which officers exist, for a dispatcher's first list. */
  state: () => DispatchState;
  /** Several nodes share the Socket.IO adapter: presence is asked of all of them. */
  acrossNodes: boolean;
}

export class Presence implements TimerPresence {
  readonly acrossNodes: boolean;
  private readonly index: PresenceIndex;
  private readonly toDispatchers: PresenceBatch;

  constructor(private readonly deps: PresenceDeps) {
    this.acrossNodes = deps.acrossNodes;
    this.index = new PresenceIndex(deps.clock.now());
    this.toDispatchers = new PresenceBatch(deps.clock, (updates) =>
      deps.io.to(DISPATCHERS_ROOM).emit('presence', updates),
    );
  }

  /**
   * A dispatcher just connected: who is online here (one frame) and, with several nodes, elsewhere (one
   * more). An update still waiting for the batch reaches it too, since it is already in the room.
   */
  greetDispatcher(socket: DispatchSocket): void {
    const online = this.index.online();
    if (online.length > 0) socket.emit('presence', online);
    if (this.acrossNodes) this.sendPresenceElsewhere(socket);
  }

  /** One of the officer's devices connected here; the dispatchers hear of its first. */
  officerConnected(officerId: string): void {
    const update = this.index.connected(officerId, this.deps.clock.now());
    if (update) this.toDispatchers.add(update);
  }

  /** One of the officer's devices left here; the dispatchers hear "offline" when it was its last anywhere. */
  officerDisconnected(officerId: string): void {
    const { io, clock } = this.deps;
    const update = this.index.disconnected(officerId, clock.now());
    if (!update) return;
    if (!this.acrossNodes) {
      this.toDispatchers.add(update);
      return;
    }
    // Its last device here; another node may still have one (a phone and a tablet, or a phone that
    // reconnected through the balancer before this socket timed out).
    officersConnectedAnywhere(io, [officerId])
      .then(
        (found) => found.has(officerId),
        (error: unknown) => {
          console.warn(`presence: could not ask the other nodes about ${officerId}: ${describeError(error)}`);
          return false;
        },
      )
      .then((elsewhere) => {
        // Back here meanwhile: its new socket has already said "online".
        if (this.index.isLocal(officerId)) return;
        if (elsewhere) this.index.connectedElsewhere(officerId, clock.now());
        else this.toDispatchers.add(update);
      }, logUnexpected);
  }

  /** Asks the other nodes which of `officerIds` have a device there, and records it (the timers, between ticks). */
  async checkElsewhere(officerIds: string[]): Promise<void> {
    const found = await officersConnectedAnywhere(this.deps.io, officerIds);
    const now = this.deps.clock.now();
    for (const officerId of found) {
      if (!this.index.isLocal(officerId)) this.index.connectedElsewhere(officerId, now);
    }
  }

  noteFixes(latest: readonly OfficerPosition[]): void {
    this.index.noteFixes(latest);
  }

  isLocal(officerId: string): boolean {
    return this.index.isLocal(officerId);
  }

  lastSeenElsewhere(officerId: string): number | null {
    return this.index.lastSeenElsewhere(officerId);
  }

  offlineSince(officerId: string): number | null {
    return this.index.offlineSince(officerId);
  }

  isConnected(officerId: string, now: number, recentFixMs: number): boolean {
    return this.index.isConnected(officerId, now, recentFixMs);
  }

  /** Shutdown: the waiting updates go out now, and the batch timer stops. */
  stop(): void {
    this.toDispatchers.stop();
  }

  /** Tells a dispatcher that just connected about the officers connected to other nodes only. */
  private sendPresenceElsewhere(socket: DispatchSocket): void {
    const notHere = Object.keys(this.deps.state().officers).filter((id) => !this.index.isLocal(id));
    officersConnectedAnywhere(this.deps.io, notHere).then(
      (found) => {
        const now = this.deps.clock.now();
        const elsewhere: PresenceUpdate[] = [];
        for (const officerId of found) {
          if (this.index.isLocal(officerId)) continue; // connected here meanwhile: already broadcast
          this.index.connectedElsewhere(officerId, now);
          // The other node's connect time is not shared; "online since" is when this node learnt it.
          elsewhere.push({ officerId, online: true, since: now });
        }
        if (elsewhere.length > 0 && socket.connected) socket.emit('presence', elsewhere);
      },
      (error: unknown) => {
        console.warn(`presence: on the other nodes unknown (${describeError(error)}); this node's only`);
      },
    );
  }
}

/**
 * Officers among `officerIds` with a device connected to any node (the adapter asks the others; with the
 * in-memory adapter, this node only). Rejects when the answer takes longer than `timeoutMs`.
 */
async function officersConnectedAnywhere(
  io: DispatchIo,
  officerIds: readonly string[],
  timeoutMs = PRESENCE_QUERY_TIMEOUT_MS,
): Promise<Set<string>> {
  if (officerIds.length === 0) return new Set();
  const sockets = await within(io.in(officerIds.map(officerRoom)).fetchSockets(), timeoutMs);
  return new Set(
    sockets.flatMap((s) => {
      const { role, officerId } = s.data.principal;
      return role === 'officer' && officerId ? [officerId] : [];
    }),
  );
}

/** `promise`, or a rejection after `ms` (a late rejection of `promise` is then dropped). */
function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  promise.catch(() => undefined);
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function logUnexpected(error: unknown): void {
  console.error('presence: update failed', error);
}
