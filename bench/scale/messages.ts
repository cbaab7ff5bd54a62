// What the orchestrator and its driver processes say to each other over the fork IPC channel.

export type Target = 'server' | 'relay';
export type DriverRole = 'console' | 'post' | 'officer';

/** One socket a driver opens: the account to log in with (server) or the identity to announce (relay). */
export interface SocketSpec {
  role: DriverRole;
  username: string;
  /** The post's commune or the officer's id; '' for a console. */
  scope: string;
  /** Where an officer's fixes are made up around (its commune's centre). */
  home: { lat: number; lon: number };
}

/** A socket placed on the process it logs in and connects to (with --nodes, one of the server nodes). */
export interface PlacedSocket extends SocketSpec {
  url: string;
}

export interface DriverStart {
  type: 'start';
  target: Target;
  password: string;
  sockets: PlacedSocket[];
  raiseEveryMs: number;
  fixEveryMs: number;
  /** After `stop`: late acks and deliveries still count for this long. */
  drainMs: number;
}

export type ToDriver =
  | DriverStart
  /** Start the load now; stop recording at `untilWall` (wall clock ms). */
  | { type: 'go'; untilWall: number }
  /** Stop sending, then answer with a `report`. */
  | { type: 'stop' }
  /** Count reconnections from now on and report them every 500 ms. */
  | { type: 'storm' };

/** Per console: each bench raise it got (key and latency), in arrival order. */
export interface ConsoleReport {
  deliveries: [key: string, latencyMs: number][];
  duplicates: number;
  /** `positions` messages and the fixes in them, received while the load ran. */
  batches: number;
  fixes: number;
  /** fix → console latency histogram: whole milliseconds → count (merges exactly across processes). */
  fixLatency: Record<number, number>;
}

export interface PostReport {
  /** Every raise sent: its key, the ack latency (null: no ack by the end of the drain) and the refusal code if refused. */
  raises: { key: string; ackMs: number | null; refused: string | null }[];
}

export interface DriverReport {
  consoles: ConsoleReport[];
  posts: PostReport[];
  fixesSent: number;
  fixesAcked: number;
  fixesRefused: Record<string, number>;
  /** How long the driver's load window really was (ms), for per-second rates. */
  windowMs: number;
}

export type FromDriver =
  | { type: 'ready'; sockets: number; loginMs: number; connectMs: number }
  | { type: 'failed'; message: string }
  | { type: 'report'; report: DriverReport }
  /** Answer to `storm`: from now on a dropped socket counts, so the target may be stopped. */
  | { type: 'storm-armed' }
  /** During a storm: sockets that lost their connection since `storm` and are live (connected and resynced) again. */
  | { type: 'storm-progress'; back: number; dropped: number; total: number };
