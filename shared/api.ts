// The HTTP side of the contract (beside the socket one in protocol.ts): what GET /api/cluster and
// GET /api/config answer. POST /api/login uses LoginRequestSchema / LoginResponse from protocol.ts.
import type { Cluster } from './cluster';
import type { EtaOptions } from './geo';
import type { Ack } from './protocol';

/** GET /api/cluster: public map data, no secrets. */
export interface ClusterInfo {
  cluster: Cluster;
  /** Leaflet tile URL template; the map still draws areas, roads and posts when no tile loads. */
  tileUrl: string;
  tileAttribution: string;
  /** Straight-line ETA parameters the server uses (road factor, speed). */
  eta: EtaOptions;
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
