// The HTTP side of the contract (beside the socket one in protocol.ts): what GET /api/cluster and
// GET /api/config answer. POST /api/login uses LoginRequestSchema / LoginResponse from protocol.ts.
import type { Cluster } from './cluster';
import type { EtaOptions } from './geo';
import type { RoadSpeeds } from './road-route';
import type { Ack } from './protocol';

/** GET /api/cluster: public map data, no secrets. */
export interface ClusterInfo {
  cluster: Cluster;
  /** Leaflet tile URL template; the map still draws areas, roads and posts when no tile loads. */
  tileUrl: string;
  tileAttribution: string;
  /** Straight-line ETA parameters the server uses (road factor, speed). */
  eta: EtaOptions;
  /** The server's own map files; absent in a cached answer from an older server. */
  map?: MapSources;
  /** km/h by road class for road ETAs over the imported roads. */
  roadSpeeds?: RoadSpeeds;
}

/** A file the map draws from this server, with the credit it needs when drawn. */
export interface MapSource {
  url: string;
  attribution: string;
}

export interface MapSources {
  /** A raster PMTiles basemap (MAP_TILES_FILE); when present it replaces the online tiles. */
  basemap: MapSource | null;
  /** Roads and places from `npm run map:import` (MAP_DATA_FILE). */
  mapData: MapSource | null;
}
export type ClusterResponse = Ack<ClusterInfo>;

/** GET /api/config: what a client needs before logging in. */
export interface PublicConfig {
  protocol: number;
  demo: boolean;
  clusterName: string;
  timezone: string;
  serverTime: number;
}
export type ConfigResponse = Ack<PublicConfig>;
