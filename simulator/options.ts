// Parameters of a simulation run: who takes part and how often things happen. The demo uses the
// defaults; a load run turns the rates up (see bench/load.ts).
export interface Range {
  min: number;
  max: number;
}

export interface SimulatorOptions {
  /** The dispatch server, e.g. http://127.0.0.1:8080. */
  baseUrl: string;
  /** Password of every simulated account (the demo roster uses one). */
  password: string;
  /** How many officers and posts take part, in the cluster file's order (capped by the roster). */
  officers: number;
  posts: number;
  /** Account names from ids; the demo roster names officers by id and posts `post-<commune>`. */
  officerUsername: (officerId: string) => string;
  postUsername: (communeId: string) => string;
  /** The dispatcher that helps when no person assigns in time; null: no automatic dispatching. */
  dispatcherUsername: string | null;
  /** Open requests older than this are assigned by the simulated dispatcher, ms. */
  autoDispatchAfterMs: number;
  /** Time between two requests from one post, ms. */
  requestEveryMs: Range;
  /** A post does not raise another while it has this many open requests. */
  maxOpenPerPost: number;
  positionEveryMs: Range;
  patrolSpeedKmh: number;
  responseSpeedKmh: number;
  /** Pause at each patrol waypoint, ms. */
  waypointPauseMs: Range;
  /** Share of officers that stay off duty. */
  offDutyShare: number;
  acceptProbability: number;
  /** The human delay before accepting or declining, ms. */
  answerDelayMs: Range;
  /** Time from accepting to setting off, and time spent on scene, ms. */
  setOffDelayMs: Range;
  onSceneMs: Range;
  seed: number;
  log: (line: string) => void;
}

export function defaultSimulatorOptions(baseUrl: string): SimulatorOptions {
  return {
    baseUrl,
    password: 'demo',
    officers: Number.POSITIVE_INFINITY,
    posts: Number.POSITIVE_INFINITY,
    officerUsername: (id) => id,
    postUsername: (commune) => `post-${commune}`,
    dispatcherUsername: 'dieu-phoi',
    autoDispatchAfterMs: 90_000,
    requestEveryMs: { min: 60_000, max: 180_000 },
    maxOpenPerPost: 2,
    positionEveryMs: { min: 3_000, max: 6_000 },
    patrolSpeedKmh: 30,
    responseSpeedKmh: 45,
    waypointPauseMs: { min: 5_000, max: 60_000 },
    offDutyShare: 0.15,
    acceptProbability: 0.85,
    answerDelayMs: { min: 5_000, max: 20_000 },
    setOffDelayMs: { min: 3_000, max: 10_000 },
    onSceneMs: { min: 30_000, max: 90_000 },
    seed: Date.now() % 2 ** 31,
    log: (line) => console.log(`[simulator] ${line}`),
  };
}

/** DEMO_* environment variables for the demo run: DEMO_AUTO_DISPATCH_S (0 = off), DEMO_REQUEST_EVERY_S ("60-180"). */
export function simulatorOptionsFromEnv(baseUrl: string, env: NodeJS.ProcessEnv): SimulatorOptions {
  const options = defaultSimulatorOptions(baseUrl);
  const autoDispatch = Number(env.DEMO_AUTO_DISPATCH_S ?? '');
  if (env.DEMO_AUTO_DISPATCH_S !== undefined && Number.isFinite(autoDispatch)) {
    options.autoDispatchAfterMs = autoDispatch * 1000;
    if (autoDispatch <= 0) options.dispatcherUsername = null;
  }
  const every = parseRange(env.DEMO_REQUEST_EVERY_S);
  if (every) options.requestEveryMs = { min: every.min * 1000, max: every.max * 1000 };
  return options;
}

/** "60-180" or "30" → a range; anything else → null. */
export function parseRange(text: string | undefined): Range | null {
  if (!text) return null;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(?:-\s*(\d+(?:\.\d+)?))?\s*$/.exec(text);
  if (!m) return null;
  const min = Number(m[1]);
  const max = m[2] === undefined ? min : Number(m[2]);
  return max >= min ? { min, max } : null;
}
