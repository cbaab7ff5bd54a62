// The live map of the console: the cluster, officers where they last reported, requests (pulsing
// until someone is assigned) and a line from each responder to its request.
import { memo, useMemo } from 'react';
import type { ClusterInfo } from '../../shared/api';
import { communeAt } from '../../shared/commune-at';
import { isActiveAssignment, isClosed, officerStatus, type DispatchState } from '../../shared/domain';
import type { OfficerPosition, PresenceUpdate } from '../../shared/protocol';
import { kindKey, priorityKey, useFormat, useT } from '../i18n';
import { messages as mapMessages } from '../i18n/messages/map';
import { ClusterMap } from '../map/cluster-map';
import { OfficerLayer, type OfficerMarkerData } from '../map/officer-layer';
import { RequestLayer, type RequestMarkerData, type ResponderLine } from '../map/request-layer';
import { callsignOf, communeName, type ConsoleT } from './console-text';
import { ownRecord } from '../../shared/ids';
import { SosMapLayer } from './sos-map-layer';

export interface ConsoleMapProps {
  t: ConsoleT;
  info: ClusterInfo;
  state: DispatchState;
  positions: Readonly<Record<string, OfficerPosition>>;
  presence: Readonly<Record<string, PresenceUpdate>>;
  now: number;
  selectedId: string | null;
  onSelect: (id: string) => void;
}

export const ConsoleMap = memo(function ConsoleMap({
  t,
  info,
  state,
  positions,
  presence,
  now,
  selectedId,
  onSelect,
}: ConsoleMapProps) {
  const format = useFormat();
  const mapT = useT(mapMessages);
  const { cluster } = info;
  const tiles = useMemo(() => ({ url: info.tileUrl, attribution: info.tileAttribution }), [info]);

  const officers = useMemo<OfficerMarkerData[]>(
    () =>
      cluster.officers.flatMap((o) => {
        const fix = ownRecord(positions, o.id);
        if (!fix) return [];
        return [
          {
            id: o.id,
            callsign: o.callsign,
            status: officerStatus(state, o.id),
            online: ownRecord(presence, o.id)?.online ?? false,
            position: { lat: fix.lat, lon: fix.lon },
            fixAt: fix.receivedAt,
            outside: communeAt(cluster, fix) === null,
          },
        ];
      }),
    [cluster, positions, presence, state],
  );

  const requests = useMemo<RequestMarkerData[]>(
    () =>
      Object.values(state.requests)
        .filter((r) => !isClosed(r))
        .map((r) => ({
          id: r.id,
          number: r.number,
          priority: r.priority,
          location: r.location,
          pulse: r.status === 'open',
          title: t('console.requestMarker', {
            number: r.number,
            kind: t(kindKey(r.kind)),
            commune: communeName(cluster, r.commune),
            priority: t(priorityKey(r.priority)),
          }),
        })),
    [state.requests, cluster, t],
  );

  const lines = useMemo<ResponderLine[]>(
    () =>
      Object.values(state.assignments).flatMap((a) => {
        const fix = ownRecord(positions, a.officerId);
        const request = ownRecord(state.requests, a.requestId);
        if (!fix || !request || !isActiveAssignment(a) || isClosed(request)) return [];
        return [{ key: a.id, from: fix, to: request.location, confirmed: a.status !== 'pending' }];
      }),
    [state.assignments, state.requests, positions],
  );

  return (
    <ClusterMap
      cluster={cluster}
      tiles={tiles}
      sources={info.map}
      label={t('console.map')}
      className="console-map"
      live
    >
      <RequestLayer requests={requests} lines={lines} selectedId={selectedId} onSelect={onSelect} />
      <OfficerLayer
        officers={officers}
        now={now}
        label={(o, age) => {
          const text = t('console.officerLabel', { callsign: o.callsign, age: format.age(age) });
          return o.outside ? `${text} · ${mapT('map.outsideTag')}` : text;
        }}
      />
      <SosMapLayer
        state={state}
        positions={positions}
        now={now}
        selectedId={selectedId}
        label={(officerId, age) =>
          t('alarm.banner.sosMarker', {
            callsign: callsignOf(cluster, officerId),
            age: age === null ? '–' : format.age(age),
          })
        }
      />
    </ClusterMap>
  );
});
