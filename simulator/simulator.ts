// Starts the simulated officers, posts and (optionally) a stand-in dispatcher against a running server,
// over HTTP login and real Socket.IO connections, exactly as the apps do. Used by the demo and by
// bench/load.ts as a load generator.
import { fetchClusterInfo } from '../client/net/cluster-info';
import type { AreaFeature, Cluster } from '../shared/cluster';
import { initialState } from '../shared/reducer';
import { systemClock, type Clock } from '../server/clock';
import { DispatcherBot } from './dispatcher-bot';
import { OfficerBot } from './officer-bot';
import type { SimulatorOptions } from './options';
import { PostBot } from './post-bot';
import { seededRng } from './random';
import { SimSession } from './sim-session';
import { emptyStats, type SimStats } from './stats';

export interface RunningSimulator {
  readonly officers: readonly OfficerBot[];
  readonly posts: readonly PostBot[];
  readonly dispatcher: DispatcherBot | null;
  readonly stats: SimStats;
  stop(): void;
}

function areaOf(cluster: Cluster, commune: string): AreaFeature {
  const area = cluster.areas.features.find((f) => f.properties.commune === commune);
  if (area) return area;
  // No polygon for this commune: a small square around its post keeps the bot inside the cluster.
  const c = cluster.communes.find((x) => x.id === commune);
  const { lat, lon } = c?.post.location ?? cluster.map.center;
  const d = 0.01;
  return {
    type: 'Feature',
    properties: { commune },
    geometry: {
      type: 'Polygon',
      coordinates: [
        [
          [lon - d, lat - d],
          [lon + d, lat - d],
          [lon + d, lat + d],
          [lon - d, lat + d],
          [lon - d, lat - d],
        ],
      ],
    },
  };
}

export async function startSimulator(options: SimulatorOptions, clock: Clock = systemClock): Promise<RunningSimulator> {
  // Said with the address: a demo that cannot start must say which request failed.
  const { cluster } = await fetchClusterInfo(options.baseUrl).catch((error: unknown) => {
    throw new Error(`simulator: GET ${options.baseUrl}/api/cluster: ${(error as Error).message}`, { cause: error });
  });
  const rng = seededRng(options.seed);
  const stats = emptyStats();
  const base = initialState(cluster);
  const session = (username: string) => new SimSession(options.baseUrl, username, options.password, stats, base);

  const officers = cluster.officers
    .slice(0, options.officers)
    .map(
      (o) =>
        new OfficerBot(o.id, session(options.officerUsername(o.id)), areaOf(cluster, o.commune), options, clock, rng),
    );
  const posts = cluster.communes
    .slice(0, options.posts)
    .map((c) => new PostBot(c.id, session(options.postUsername(c.id)), areaOf(cluster, c.id), options, clock, rng));
  const dispatcher = options.dispatcherUsername
    ? new DispatcherBot(session(options.dispatcherUsername), options, clock)
    : null;

  const running: RunningSimulator = {
    officers,
    posts,
    dispatcher,
    stats,
    stop() {
      for (const bot of [...officers, ...posts]) bot.stop();
      dispatcher?.stop();
    },
  };
  // One bad account should not stop the rest of the demo; its error is logged.
  const results = await Promise.allSettled([
    ...officers.map((b) => b.start()),
    ...posts.map((b) => b.start()),
    ...(dispatcher ? [dispatcher.start()] : []),
  ]);
  const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  for (const f of failures)
    options.log(`could not start: ${String(f.reason instanceof Error ? f.reason.message : f.reason)}`);
  if (failures.length === results.length) {
    running.stop();
    throw new Error(`simulator: no account could start (${failures.length} failures)`);
  }
  options.log(
    `${officers.length} officers, ${posts.length} posts${dispatcher ? ', a stand-in dispatcher' : ''} connected to ${options.baseUrl}`,
  );
  return running;
}
