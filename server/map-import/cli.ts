// `npm run map:import -- <extract.osm.pbf> [--margin-km 2]`: roads and places of the cluster's area from an
// OpenStreetMap extract into MAP_DATA_FILE (default DATA_DIR/map-data.json), which the server serves to the
// map and routes on. Uses the server's environment (DATA_DIR, CLUSTER_FILE, MAP_DATA_FILE); a running server
// picks the new file up at its next start.
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { writeFileAtomic } from '../auth/atomic-write';
import { loadClusterFile } from '../cluster-file';
import { loadConfig } from '../config';
import { importOsm } from './import-osm';

const USAGE = `Nhập đường và thôn xóm từ OpenStreetMap / import roads and places from OpenStreetMap

usage: npm run map:import -- <extract.osm.pbf> [--margin-km 2]

Writes MAP_DATA_FILE (default DATA_DIR/map-data.json). Environment: DATA_DIR, CLUSTER_FILE, MAP_DATA_FILE.
The data stays under the ODbL: credit "© OpenStreetMap contributors" (the map shows it when drawn).`;

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { 'margin-km': { type: 'string', default: '2' }, help: { type: 'boolean' } },
  });
  const file = positionals[0];
  const marginKm = Number(values['margin-km']);
  if (values.help || !file || positionals.length > 1 || !Number.isFinite(marginKm) || marginKm < 0) {
    console.error(USAGE);
    return values.help ? 0 : 2;
  }
  if (!existsSync(file)) {
    console.error(`no such file: ${file}`);
    return 1;
  }
  const config = loadConfig();
  const cluster = loadClusterFile(config.clusterFile);
  const started = Date.now();
  const { data, stats } = await importOsm(file, cluster, { marginKm, sourceName: path.basename(file) });
  mkdirSync(path.dirname(config.mapDataFile), { recursive: true });
  writeFileAtomic(config.mapDataFile, JSON.stringify(data), 0o644);
  const refs = [...new Set(data.roads.flatMap((r) => (r.ref ? [r.ref] : [])))].sort();
  console.log(
    [
      `read ${stats.nodesRead} nodes, ${stats.waysRead} ways in ${((Date.now() - started) / 1000).toFixed(1)} s`,
      `kept ${stats.roadPieces} road pieces (${refs.length ? refs.join(', ') : 'no numbered roads'}), ${stats.places} places`,
      `wrote ${config.mapDataFile}`,
    ].join('\n'),
  );
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`map import failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
