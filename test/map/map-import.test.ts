// `npm run map:import` on a small OpenStreetMap PBF written in the test: roads by class with names and refs,
// ways cut where they leave the area, villages inside the cluster kept with their commune, the rest left out;
// then the server serves the file and says so in /api/cluster.
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { communeAt } from '../../shared/commune-at';
import { MapDataSchema, type MapData } from '../../shared/map-data';
import { mapSources } from '../../server/http/map-router';
import { makeTempDir, removeDirs, ROOT } from '../accounts/helpers';
import { seedCluster as cluster } from '../support/cluster-fixture';
import { writeOsmPbf, type TestNode } from '../support/osm-pbf-file';
import { startTestServer, type TestServer } from '../support/test-server';

const kyPhu = cluster.communes.find((c) => c.id === 'ky-phu')!.post.location;
const thanhCong = cluster.communes.find((c) => c.id === 'thanh-cong')!.post.location;
/** Inside the cluster's box but in none of its communes (north-east corner, Gia Viễn side). */
const besideCluster = { lat: cluster.map.bounds.north - 0.005, lon: cluster.map.bounds.east - 0.005 };
const farAway = { lat: 21.03, lon: 105.85 }; // Hà Nội

const NODES: TestNode[] = [
  { id: 1, ...kyPhu, tags: { place: 'village', name: 'Thôn Đồng Bài', 'name:en': 'Dong Bai' } },
  { id: 2, ...thanhCong, tags: { place: 'hamlet', name: 'Xóm Mới' } },
  { id: 3, lat: thanhCong.lat + 0.004, lon: thanhCong.lon, tags: { place: 'isolated_dwelling', name: 'Trại Cá' } },
  { id: 4, ...besideCluster, tags: { place: 'village', name: 'Thôn Ngoài' } },
  { id: 5, ...farAway, tags: { place: 'village', name: 'Hà Nội' } },
  { id: 6, lat: kyPhu.lat + 0.002, lon: kyPhu.lon, tags: { place: 'town', name: 'Not a village' } },
  // QL45: two nodes in Kỳ Phú, one far outside, two in Thành Công.
  { id: 10, lat: kyPhu.lat, lon: kyPhu.lon + 0.001 },
  { id: 11, lat: kyPhu.lat - 0.004, lon: kyPhu.lon },
  { id: 12, ...farAway },
  { id: 13, lat: thanhCong.lat, lon: thanhCong.lon + 0.002 },
  { id: 14, lat: thanhCong.lat - 0.003, lon: thanhCong.lon + 0.003 },
  // A village lane and a footpath.
  { id: 20, lat: kyPhu.lat + 0.001, lon: kyPhu.lon + 0.001 },
  { id: 21, lat: kyPhu.lat + 0.003, lon: kyPhu.lon + 0.002 },
];

let dir: string;
let data: MapData;
let stdout: string;

beforeAll(async () => {
  dir = await makeTempDir('osm');
  const pbf = path.join(dir, 'extract.osm.pbf');
  await writeOsmPbf(pbf, NODES, [
    { id: 100, refs: [10, 11, 12, 13, 14], tags: { highway: 'trunk', ref: 'QL45', name: 'Quốc lộ 45' } },
    { id: 101, refs: [20, 21], tags: { highway: 'tertiary_link', name: 'Đường Kỳ Phú', 'name:vi': 'Đường xã Kỳ Phú' } },
    { id: 102, refs: [10, 20], tags: { highway: 'footway' } },
    { id: 103, refs: [11, 21], tags: { building: 'yes' } },
  ]);
  stdout = await new Promise<string>((resolve, reject) =>
    execFile(
      process.execPath,
      ['--import', 'tsx', path.join(ROOT, 'server/map-import/cli.ts'), pbf],
      { cwd: ROOT, env: { ...process.env, DATA_DIR: dir, CLUSTER_FILE: '', MAP_DATA_FILE: '' } },
      (err, out, errOut) => (err ? reject(new Error(`${err.message}\n${errOut}`)) : resolve(out)),
    ),
  );
  data = MapDataSchema.parse(JSON.parse(await fs.readFile(path.join(dir, 'map-data.json'), 'utf8')));
}, 60_000);
afterAll(() => removeDirs([dir]));

describe('npm run map:import', () => {
  it('keeps villages, hamlets and isolated dwellings inside the communes, with their commune', () => {
    expect(communeAt(cluster, besideCluster)).toBeNull();
    expect(data.places.map((p) => [p.name, p.kind, p.commune])).toEqual([
      ['Thôn Đồng Bài', 'village', 'ky-phu'],
      ['Trại Cá', 'isolated_dwelling', 'thanh-cong'],
      ['Xóm Mới', 'hamlet', 'thanh-cong'],
    ]);
  });

  it('keeps roads by class with names and refs, cutting a way where it leaves the area', () => {
    const ql45 = data.roads.filter((r) => r.ref === 'QL45');
    expect(ql45).toHaveLength(2);
    expect(ql45.every((r) => r.class === 'trunk' && r.name === 'Quốc lộ 45' && r.coordinates.length === 2)).toBe(true);
    expect(ql45.flatMap((r) => r.coordinates).some(([lon, lat]) => lat === farAway.lat && lon === farAway.lon)).toBe(
      false,
    );
    // A _link takes its main class; the Vietnamese name wins; footways and buildings are not roads here.
    expect(data.roads.filter((r) => r.id === 101)).toEqual([
      expect.objectContaining({ class: 'tertiary', name: 'Đường xã Kỳ Phú' }),
    ]);
    expect(data.roads.map((r) => r.id).sort()).toEqual([100, 100, 101]);
    expect(data.attribution).toBe('© OpenStreetMap contributors');
    expect(data.source).toBe('extract.osm.pbf');
    expect(stdout).toMatch(/kept 3 road pieces \(QL45\), 3 places/);
  });

  it('is served at /map/data.json and listed in what GET /api/cluster answers', async () => {
    const server: TestServer = await startTestServer({
      dataDir: dir,
      config: { mapDataFile: path.join(dir, 'map-data.json') },
    });
    try {
      expect(mapSources(server.config).mapData).toEqual({
        url: '/map/data.json',
        attribution: '© OpenStreetMap contributors',
      });
      const response = await fetch(`${server.url}/map/data.json`);
      const text = await response.text();
      expect(response.status, text).toBe(200);
      const served = MapDataSchema.parse(JSON.parse(text));
      expect(served.places).toHaveLength(3);
    } finally {
      await server.stop();
    }
  });
});
