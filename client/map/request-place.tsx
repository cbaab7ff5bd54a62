// Where a request is, in words a dispatcher can radio: its commune from the real areas and the nearest village
// from the imported map data ("thuộc xã Kỳ Phú, gần Thôn Đồng Bài").
import { communeById, type LatLon } from '../../shared/cluster';
import { communeAt } from '../../shared/commune-at';
import { nearestPlace } from '../../shared/place-search';
import { useT } from '../i18n';
import { messages } from '../i18n/messages/map';
import { useClusterInfo } from '../net/react';
import { useMapData } from './use-map-data';

export function RequestPlace({ location }: { location: LatLon }) {
  const t = useT(messages);
  const { cluster, map } = useClusterInfo();
  const mapData = useMapData(map?.mapData);
  const commune = communeAt(cluster, location);
  const name = commune ? communeById(cluster, commune)?.name : undefined;
  const village = mapData ? nearestPlace(location, mapData.places) : null;
  const where = name ? t('map.inCommune', { commune: name }) : t('map.outsideCluster');
  return (
    <span className="grd-request-place" data-testid="request-place">
      {village ? `${where}, ${t('map.nearPlace', { place: village.name })}` : where}
    </span>
  );
}
