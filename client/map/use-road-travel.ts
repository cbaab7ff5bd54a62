// The console's road ETA: the road graph built once from the imported roads (same speeds as the server), so
// its suggestions rank like the server's automatic reassignment; undefined without roads (straight line).
import { useMemo } from 'react';
import type { ClusterInfo } from '../../shared/api';
import { buildRoadNetwork, roadEstimator, type TravelEstimator } from '../../shared/road-route';
import { useMapData } from './use-map-data';

export function useRoadTravel(info: ClusterInfo): TravelEstimator | undefined {
  const data = useMapData(info.map?.mapData);
  return useMemo(
    () =>
      data && data.roads.length > 0
        ? roadEstimator(buildRoadNetwork(data.roads, info.roadSpeeds), info.eta)
        : undefined,
    [data, info.roadSpeeds, info.eta],
  );
}
