// The road ETA on the server (the automatic reassignment ranks like the console): the imported roads in
// MAP_DATA_FILE, read once at start. No file, or a bad one, leaves the straight-line rule, said in the log.
import { existsSync, readFileSync } from 'node:fs';
import { MapDataSchema } from '../shared/map-data';
import { buildRoadNetwork, roadEstimator, type TravelEstimator } from '../shared/road-route';
import type { ServerConfig } from './config';

export function loadRoadTravel(
  config: Pick<ServerConfig, 'mapDataFile' | 'roadSpeeds' | 'eta'>,
  log: (line: string) => void = console.log,
): TravelEstimator | undefined {
  if (!existsSync(config.mapDataFile)) return undefined;
  try {
    const data = MapDataSchema.parse(JSON.parse(readFileSync(config.mapDataFile, 'utf8')));
    const network = buildRoadNetwork(data.roads, config.roadSpeeds);
    log(`road ETA: ${data.roads.length} roads, ${network.nodeCount} junctions from ${config.mapDataFile}`);
    return roadEstimator(network, config.eta);
  } catch (err) {
    log(`road ETA off (straight line): ${config.mapDataFile} unreadable: ${(err as Error).message.slice(0, 200)}`);
    return undefined;
  }
}
