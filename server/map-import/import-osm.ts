// Keeps from an OpenStreetMap extract (.osm.pbf, read by osm-pbf-parser-node as a stream) what the dispatch map
// and the road ETA need in the cluster's area: roads by class with their names and refs (QL45, ĐT477 …), and
// villages, hamlets and isolated dwellings with their Vietnamese names. Nodes come before ways in a PBF, so one
// pass does: only nodes inside the area's box (plus a margin, so roads leaving the communes still reach the
// next junction) are kept, and a way crossing the box's edge is cut into the runs of nodes that lie inside.
import { createOSMStream } from 'osm-pbf-parser-node';
import type { Cluster } from '../../shared/cluster';
import { communeAt } from '../../shared/commune-at';
import {
  OSM_ATTRIBUTION,
  PLACE_KINDS,
  ROAD_CLASSES,
  type MapData,
  type MapPlace,
  type MapRoad,
  type PlaceKind,
  type RoadClass,
} from '../../shared/map-data';

export interface ImportOptions {
  /** Kept around the cluster's box, km. */
  marginKm: number;
  /** Names the source in the output. */
  sourceName: string;
  now?: Date;
}

export interface ImportStats {
  nodesRead: number;
  waysRead: number;
  nodesKept: number;
  roadPieces: number;
  places: number;
}

type Tags = Record<string, string>;
interface OsmNode {
  type: 'node';
  id: number;
  lat: number;
  lon: number;
  tags?: Tags;
}
interface OsmWay {
  type: 'way';
  id: number;
  refs: number[];
  tags?: Tags;
}

function isNode(item: unknown): item is OsmNode {
  return typeof item === 'object' && item !== null && (item as { type?: unknown }).type === 'node';
}
function isWay(item: unknown): item is OsmWay {
  return typeof item === 'object' && item !== null && (item as { type?: unknown }).type === 'way';
}

/** highway=primary_link is a primary road for routing and drawing; classes we do not keep give null. */
export function roadClassOf(highway: string | undefined): RoadClass | null {
  if (!highway) return null;
  const base = highway.endsWith('_link') ? highway.slice(0, -'_link'.length) : highway;
  return (ROAD_CLASSES as readonly string[]).includes(base) ? (base as RoadClass) : null;
}

const vietnameseName = (tags: Tags): string | undefined => tags['name:vi']?.trim() || tags.name?.trim() || undefined;

export async function importOsm(
  file: string,
  cluster: Pick<Cluster, 'areas' | 'map'>,
  options: ImportOptions,
): Promise<{ data: MapData; stats: ImportStats }> {
  const b = cluster.map.bounds;
  const dLat = options.marginKm / 111.32;
  const dLon = options.marginKm / (111.32 * Math.cos((((b.south + b.north) / 2) * Math.PI) / 180));
  const box = { south: b.south - dLat, north: b.north + dLat, west: b.west - dLon, east: b.east + dLon };
  const inBox = (lat: number, lon: number) =>
    lat >= box.south && lat <= box.north && lon >= box.west && lon <= box.east;

  const nodes = new Map<number, [number, number]>();
  const roads: MapRoad[] = [];
  const places: MapPlace[] = [];
  const stats: ImportStats = { nodesRead: 0, waysRead: 0, nodesKept: 0, roadPieces: 0, places: 0 };

  for await (const item of createOSMStream(file, { withTags: true, withInfo: false })) {
    if (isNode(item)) {
      stats.nodesRead++;
      if (!inBox(item.lat, item.lon)) continue;
      nodes.set(item.id, [round(item.lon), round(item.lat)]);
      const place = item.tags?.place;
      const name = item.tags ? vietnameseName(item.tags) : undefined;
      if (place && name && (PLACE_KINDS as readonly string[]).includes(place)) {
        const commune = communeAt(cluster, { lat: item.lat, lon: item.lon });
        // Places are for finding a spot inside the cluster: those beyond its communes are left out.
        if (commune !== null) {
          places.push({
            id: item.id,
            kind: place as PlaceKind,
            name,
            lat: round(item.lat),
            lon: round(item.lon),
            commune,
          });
        }
      }
    } else if (isWay(item)) {
      stats.waysRead++;
      const roadClass = roadClassOf(item.tags?.highway);
      if (!roadClass) continue;
      const name = item.tags ? vietnameseName(item.tags) : undefined;
      const ref = item.tags?.ref?.trim() || undefined;
      for (const run of runsInside(item.refs, nodes)) {
        roads.push({
          id: item.id,
          class: roadClass,
          ...(name ? { name } : {}),
          ...(ref ? { ref } : {}),
          coordinates: run,
        });
      }
    }
  }
  stats.nodesKept = nodes.size;
  stats.roadPieces = roads.length;
  stats.places = places.length;
  return {
    data: {
      version: 1,
      source: options.sourceName,
      importedAt: (options.now ?? new Date()).toISOString(),
      attribution: OSM_ATTRIBUTION,
      license: 'ODbL-1.0 (data © OpenStreetMap contributors, openstreetmap.org/copyright)',
      roads,
      places: places.sort((x, y) => x.name.localeCompare(y.name, 'vi')),
    },
    stats,
  };
}

/** The way's stretches of consecutive kept nodes, each at least one segment long. */
function runsInside(refs: readonly number[], nodes: ReadonlyMap<number, [number, number]>): [number, number][][] {
  const runs: [number, number][][] = [];
  let run: [number, number][] = [];
  for (const ref of refs) {
    const at = nodes.get(ref);
    if (at) {
      run.push(at);
      continue;
    }
    if (run.length >= 2) runs.push(run);
    run = [];
  }
  if (run.length >= 2) runs.push(run);
  return runs;
}

/** About 1 m: enough for a dispatch map, and keeps the file small. */
const round = (deg: number) => Math.round(deg * 1e5) / 1e5;
