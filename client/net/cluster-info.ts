// The cluster data (communes, posts, officers, map areas) and map settings from GET /api/cluster.
import type { ClusterInfo, ClusterResponse } from '../../shared/api';

export async function fetchClusterInfo(baseUrl = ''): Promise<ClusterInfo> {
  const response = await fetch(`${baseUrl}/api/cluster`);
  const body = (await response.json()) as ClusterResponse;
  if (!body.ok) throw new Error(`${body.code}: ${body.message}`);
  return {
    cluster: body.cluster,
    tileUrl: body.tileUrl,
    tileAttribution: body.tileAttribution,
    eta: body.eta,
    ...(body.map ? { map: body.map } : {}),
    ...(body.roadSpeeds ? { roadSpeeds: body.roadSpeeds } : {}),
  };
}
