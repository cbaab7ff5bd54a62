// Demo mode extras (DEMO=1): the simulator that brings the map to life. Called by server/main.ts once
// the server listens; returns a function that stops what it started.
// The simulator (simulator/) is a set of clients talking to this server over loopback. It runs in this
// process rather than a spawned one: no second process to supervise, stop with the server or route logs
// from, and a failure stays a log line. It is imported only here, and only when demo mode starts it, so a
// real deployment never loads client code.

export interface DemoContext {
  /** Where the server listens, e.g. http://127.0.0.1:8080. */
  baseUrl: string;
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
}

/** Starts the simulator unless DEMO_SIMULATOR=0. A failure is logged, never fatal: the demo still serves. */
export async function startDemoExtras({
  baseUrl,
  env = process.env,
  log = console.log,
}: DemoContext): Promise<() => void> {
  if (env.DEMO_SIMULATOR === '0') return () => {};
  try {
    const [{ startSimulator }, { simulatorOptionsFromEnv }] = await Promise.all([
      import('../simulator/simulator'),
      import('../simulator/options'),
    ]);
    const options = { ...simulatorOptionsFromEnv(baseUrl, env), log: (line: string) => log(`[simulator] ${line}`) };
    const simulator = await startSimulator(options);
    return () => simulator.stop();
  } catch (err) {
    log(`[simulator] not started: ${err instanceof Error ? err.message : String(err)}`);
    return () => {};
  }
}
