// The bench's cluster file and roster, written in one go into a temp DATA_DIR: P communes (each with its
// post) on a grid inside the real cluster's map bounds, N officers spread over them, C dispatcher consoles.
// The roster goes through the roster's own hashing and is read back with Roster.open, so a format drift fails here.
import fs from 'node:fs';
import path from 'node:path';
import type { Cluster } from '../../shared/cluster';
import { writeFileAtomic } from '../../server/auth/atomic-write';
import { hashPassword, type ScryptParams } from '../../server/auth/passwords';
import { Roster, ROSTER_FILE_NAME, type Account } from '../../server/auth/roster';
import { DEFAULT_CLUSTER_FILE } from '../../server/config';
import { loadClusterFile, parseClusterText } from '../../server/cluster-file';
import type { SocketSpec } from './messages';

/** 10,000 logins at the server's default cost (about 170 ms of scrypt each) would take half an hour of CPU. */
export const BENCH_SCRYPT: ScryptParams = { N: 2 ** 10, r: 8, p: 1 };
export const BENCH_PASSWORD = 'bench-password';

export interface Fixture {
  /** The server's DATA_DIR (roster, journal, token secret); kept across the storm's restart. */
  dataDir: string;
  clusterFile: string;
  consoles: SocketSpec[];
  posts: SocketSpec[];
  officers: SocketSpec[];
}

export interface FixtureSize {
  officers: number;
  posts: number;
  consoles: number;
}

export function generateCluster(size: FixtureSize): Cluster {
  const real = loadClusterFile(DEFAULT_CLUSTER_FILE);
  const { south, west, north, east } = real.map.bounds;
  const columns = Math.ceil(Math.sqrt(size.posts));
  const rows = Math.ceil(size.posts / columns);
  const cellLat = (north - south) / rows;
  const cellLon = (east - west) / columns;
  const communes: Cluster['communes'] = [];
  const features: Cluster['areas']['features'] = [];
  for (let i = 0; i < size.posts; i += 1) {
    const s = south + Math.floor(i / columns) * cellLat;
    const w = west + (i % columns) * cellLon;
    const center = { lat: s + cellLat / 2, lon: w + cellLon / 2 };
    const id = `c-${i + 1}`;
    communes.push({
      id,
      name: `Xã ${i + 1}`,
      province: 'Bench',
      code: `C${i + 1}`.slice(0, 6),
      center,
      post: { id: `post-${id}`, name: `Công an xã ${i + 1}`, location: center },
    });
    const ring = [
      [w, s],
      [w + cellLon, s],
      [w + cellLon, s + cellLat],
      [w, s + cellLat],
      [w, s],
    ];
    features.push({ type: 'Feature', properties: { commune: id }, geometry: { type: 'Polygon', coordinates: [ring] } });
  }
  const officers = Array.from({ length: size.officers }, (_, i) => ({
    id: `o-${i + 1}`,
    callsign: `O-${i + 1}`,
    commune: communes[i % communes.length]?.id ?? 'c-1',
    name: null,
  }));
  const { border: _border, roads: _roads, ...shape } = real;
  return {
    ...shape,
    id: 'bench-cluster',
    name: `Bench ${size.officers}/${size.posts}`,
    communes,
    neighbours: [],
    officers,
    areas: { type: 'FeatureCollection', features },
  };
}

export async function writeFixture(workDir: string, size: FixtureSize): Promise<Fixture> {
  const cluster = generateCluster(size);
  const dataDir = path.join(workDir, 'data');
  const clusterFile = path.join(workDir, 'cluster.json');
  const text = JSON.stringify(cluster);
  // Through the server's own loader: what it would refuse at start-up is refused here, naming the field.
  parseClusterText(text, clusterFile);
  fs.writeFileSync(clusterFile, text);

  // One hash for every account: each login still runs a real scrypt verification, only cheaper.
  const passwordHash = await hashPassword(BENCH_PASSWORD, BENCH_SCRYPT);
  const at = Date.now();
  const account = (
    username: string,
    role: Account['role'],
    scope: Pick<Account, 'commune' | 'officerId'>,
  ): Account => ({
    username,
    role,
    displayName: username,
    ...scope,
    disabled: false,
    passwordHash,
    createdAt: at,
    passwordChangedAt: at,
  });
  const centre = new Map(cluster.communes.map((c) => [c.id, c.center]));
  const origin = cluster.map.center;
  const consoles: SocketSpec[] = Array.from({ length: size.consoles }, (_, i) => ({
    role: 'console',
    username: `console-${i + 1}`,
    scope: '',
    home: origin,
  }));
  const posts: SocketSpec[] = cluster.communes.map((c) => ({
    role: 'post',
    username: `post-${c.id}`,
    scope: c.id,
    home: c.center,
  }));
  const officers: SocketSpec[] = cluster.officers.map((o) => ({
    role: 'officer',
    username: o.id,
    scope: o.id,
    home: centre.get(o.commune) ?? origin,
  }));
  const accounts: Account[] = [
    ...consoles.map((c) => account(c.username, 'dispatcher', {})),
    ...posts.map((p) => account(p.username, 'post', { commune: p.scope })),
    ...officers.map((o) => account(o.username, 'officer', { officerId: o.scope })),
  ];
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  writeFileAtomic(path.join(dataDir, ROSTER_FILE_NAME), `${JSON.stringify({ version: 1, accounts }, null, 2)}\n`);
  const roster = Roster.open(dataDir, cluster);
  if (roster.size !== accounts.length || roster.problems().length > 0) {
    throw new Error(`bench roster did not read back: ${roster.size} accounts, ${roster.problems().join('; ')}`);
  }
  return { dataDir, clusterFile, consoles, posts, officers };
}
