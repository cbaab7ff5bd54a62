// Demo mode extras (DEMO=1): the simulator that brings the map to life. Called by server/main.ts once
// the server listens; returns a function that stops what it started.
import { startSimulator } from './simulator/simulator';
import { simulatorOptionsFromEnv } from './simulator/options';

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
  const options = { ...simulatorOptionsFromEnv(baseUrl, env), log: (line: string) => log(`[simulator] ${line}`) };
  try {
    const simulator = await startSimulator(options);
    return () => simulator.stop();
  } catch (err) {
    log(`[simulator] not started: ${err instanceof Error ? err.message : String(err)}`);
    return () => {};
  }
}
