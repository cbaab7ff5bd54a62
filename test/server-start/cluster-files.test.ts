// The server starts on each shipped cluster file: the real 2019 communes by default, today's four merged
// communes with CLUSTER_FILE; the 18 officers keep their ids, so their accounts work with either.
import { afterEach, describe, expect, it } from 'vitest';
import type { ClusterResponse } from '../../shared/api';
import type { LoginResponse } from '../../shared/protocol';
import { makeTempDir, removeDirs } from '../accounts/helpers';
import { CLUSTER_2025_FILE } from '../support/cluster-fixture';
import { boot, listeningUrl, stop, type Booted } from './boot';

const dirs: string[] = [];
const running: Booted[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map(stop));
  await removeDirs(dirs);
});

async function startOn(clusterFile: string): Promise<string> {
  const dir = await makeTempDir('cluster-file');
  dirs.push(dir);
  const server = boot({ DEMO: '1', DATA_DIR: dir, CLUSTER_FILE: clusterFile });
  running.push(server);
  return listeningUrl(server);
}

async function clusterOf(url: string) {
  const body = (await (await fetch(`${url}/api/cluster`)).json()) as ClusterResponse;
  if (!body.ok) throw new Error(body.message);
  return body.cluster;
}

const OFFICER_IDS = ['pl', 'kp', 'cp', 'tv', 'tc', 'tm'].flatMap((code) => [1, 2, 3].map((n) => `${code}-${n}`));

describe('CLUSTER_FILE', () => {
  it('defaults to the six real 2019 communes with the province border and the boundaries credited', async () => {
    const cluster = await clusterOf(await startOn(''));
    expect(cluster.communes.map((c) => c.id)).toEqual([
      'phu-long',
      'ky-phu',
      'cuc-phuong',
      'thanh-van',
      'thanh-cong',
      'thanh-minh',
    ]);
    expect(cluster.officers.map((o) => o.id).sort()).toEqual([...OFFICER_IDS].sort());
    // Real polygons have many dozens of vertices; the old schematic cells had a dozen.
    for (const area of cluster.areas.features) {
      expect(area.geometry.type === 'Polygon' && area.geometry.coordinates[0]!.length).toBeGreaterThan(50);
    }
    expect(cluster.areas.attribution).toBe('Ranh giới: vietnam-3d-map (gis.vn), censusVN2009');
    expect(cluster.border?.features[0]?.geometry.type).toBe('MultiLineString');
  }, 60_000);

  it('serves the four communes of 2025 from cluster-2025.json, old names as aliases, officers keeping their ids', async () => {
    const url = await startOn(CLUSTER_2025_FILE);
    const cluster = await clusterOf(url);
    expect(cluster.communes.map((c) => [c.id, c.name])).toEqual([
      ['phu-long', 'Phú Long'],
      ['cuc-phuong', 'Cúc Phương'],
      ['van-du', 'Vân Du'],
      ['thanh-vinh', 'Thành Vinh'],
    ]);
    expect(cluster.communes.find((c) => c.id === 'phu-long')?.aliases).toEqual(['Kỳ Phú', 'Phú Long']);
    expect(cluster.communes.find((c) => c.id === 'van-du')?.aliases).toContain('Thành Công');
    expect(cluster.officers.map((o) => o.id).sort()).toEqual([...OFFICER_IDS].sort());
    expect(cluster.officers.find((o) => o.id === 'kp-1')?.commune).toBe('phu-long');
    expect(cluster.officers.find((o) => o.id === 'tc-2')?.commune).toBe('van-du');

    // The demo made accounts for this cluster: the merged commune's post and an officer log in.
    for (const username of ['post-van-du', 'kp-1']) {
      const res = await fetch(`${url}/api/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: 'demo' }),
      });
      const body = (await res.json()) as LoginResponse;
      expect(body.ok, username).toBe(true);
    }
  }, 60_000);
});
