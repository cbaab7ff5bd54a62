// The shipped cluster files as the tests see them: each loaded once, the way the server loads it
// (server/cluster-file.ts), so every test runs on the same checked cluster and none reads the file itself.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadClusterFile } from '../../server/cluster-file';
import { DEFAULT_CLUSTER_FILE } from '../../server/config';
import type { Cluster } from '../../shared/cluster';

/** Today's four merged communes, beside the default file (CLUSTER_FILE=server/data/cluster-2025.json). */
export const CLUSTER_2025_FILE = path.join(path.dirname(DEFAULT_CLUSTER_FILE), 'cluster-2025.json');

/** The default cluster file: the six 2019 communes and their 18 officers. */
export const seedCluster: Cluster = loadClusterFile(DEFAULT_CLUSTER_FILE);

export const cluster2025: Cluster = loadClusterFile(CLUSTER_2025_FILE);

/** The default file's JSON as written, unchecked, a fresh copy each call: for tests that break it on purpose. */
export function seedClusterJson(): unknown {
  return JSON.parse(readFileSync(DEFAULT_CLUSTER_FILE, 'utf8'));
}
