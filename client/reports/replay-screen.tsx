// /replay: a past request (?request=r123) or a period of a day, replayed on the map: officer tracks,
// request markers and the timeline's events on one scrubber, at 1×–60×.
import { useEffect, useMemo, useRef, useState } from 'react';
import { ReportsError } from './reports-error';
import L from 'leaflet';
import { CircleMarker, Marker, Polyline, Tooltip } from 'react-leaflet';
import type { ReplayData } from '../../shared/history';
import { ClusterMap } from '../map/cluster-map';
import { useFormat } from '../i18n';
import { callsignOf, useConsoleT } from '../console/console-text';
import { describeEntry } from '../console/request-timeline';
import { getJson, withQuery } from './reports-api';
import { atTime, vietnamDay } from './period';
import { advance, officerAt, requestPhaseAt, trackUpTo, tracksByOfficer, type RequestPhase } from './replay-model';
import { ReportsHeader, useReports, useReportsT } from './reports-shell';

export const SPEEDS = [1, 2, 5, 10, 30, 60] as const;
const FRAME_MS = 100;
const PHASE_COLOURS: Record<RequestPhase, string> = { open: '#dc2626', dispatched: '#f59e0b', closed: '#6b7280' };
const TRACK_STYLE: L.PathOptions = { color: '#2563eb', weight: 3, opacity: 0.7 };

function officerIcon(callsign: string, officerId: string, reported: boolean): L.DivIcon {
  return L.divIcon({
    className: `grd-replay-officer${reported ? '' : ' not-reported'}`,
    html: `<span data-officer="${officerId.replace(/[^a-z0-9-]/g, '')}">${callsign.replace(/[<>&"']/g, '')}</span>`,
    iconSize: [44, 22],
    iconAnchor: [22, 11],
  });
}

export function ReplayScreen() {
  const t = useReportsT();
  const consoleT = useConsoleT();
  const format = useFormat();
  const { session, clusterInfo, onError } = useReports();
  const { cluster } = clusterInfo;
  const [requestId, setRequestId] = useState(() => new URLSearchParams(location.search).get('request') ?? '');
  const [day, setDay] = useState(() => vietnamDay(Date.now()));
  const [fromTime, setFromTime] = useState('07:00');
  const [toTime, setToTime] = useState('09:00');
  const [data, setData] = useState<ReplayData | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [at, setAt] = useState(0);
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState<number>(10);
  const last = useRef(0);
  // One icon per officer and state: a new icon object makes Leaflet rebuild the marker's element.
  const icons = useRef(new Map<string, L.DivIcon>());
  const iconFor = (officerId: string, reported: boolean): L.DivIcon => {
    const key = `${officerId}:${reported}`;
    let icon = icons.current.get(key);
    if (!icon) {
      icon = officerIcon(callsignOf(cluster, officerId), officerId, reported);
      icons.current.set(key, icon);
    }
    return icon;
  };

  const load = (byRequest: boolean) => {
    setError(null);
    setPlaying(false);
    const from = atTime(day, fromTime);
    const to = atTime(day, toTime);
    const path = byRequest
      ? withQuery('/api/replay', { requestId: requestId.trim() })
      : withQuery('/api/replay', { from: from ?? undefined, to: to ?? undefined });
    getJson<ReplayData>(path, session.token).then(
      (d) => {
        setData(d);
        setAt(d.from);
      },
      (e: unknown) => setError(onError(e)),
    );
  };
  // A request named in the address loads at once (from the history screen's "replay" link).
  useEffect(() => {
    if (requestId) load(true);
  }, []); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    if (!playing || !data) return;
    last.current = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      const real = now - last.current;
      last.current = now;
      setAt((current) => {
        const next = advance(current, real, speed, data.to);
        if (next >= data.to) setPlaying(false);
        return next;
      });
    }, FRAME_MS);
    return () => clearInterval(timer);
  }, [playing, speed, data]);

  const tracks = useMemo(() => tracksByOfficer(data?.tracks ?? []), [data]);
  const officers = [...tracks.entries()].flatMap(([id, track]) => {
    const where = officerAt(id, track, at);
    return where ? [{ ...where, line: trackUpTo(track, at) }] : [];
  });
  const requests = (data?.requests ?? []).flatMap((r) => {
    const phase = requestPhaseAt(r, at);
    return phase ? [{ record: r, phase }] : [];
  });
  const events = (data?.events ?? []).filter((e) => e.at <= at);
  const number = (id: string) => data?.requests.find((r) => r.request.id === id)?.request.number ?? '?';

  return (
    <div className="reports-screen replay-screen">
      <ReportsHeader title={t('replay.title')} />
      <main className="reports-main replay-layout">
        <section className="replay-side">
          <form
            className="reports-controls"
            onSubmit={(e) => {
              e.preventDefault();
              load(requestId.trim() !== '');
            }}
          >
            <label>
              {t('replay.request')}
              <input
                value={requestId}
                onChange={(e) => setRequestId(e.target.value)}
                placeholder="r123"
                maxLength={20}
              />
            </label>
            <label>
              {t('replay.day')}
              <input type="date" value={day} onChange={(e) => setDay(e.target.value)} />
            </label>
            <label>
              {t('replay.fromTime')}
              <input type="time" value={fromTime} onChange={(e) => setFromTime(e.target.value)} />
            </label>
            <label>
              {t('replay.toTime')}
              <input type="time" value={toTime} onChange={(e) => setToTime(e.target.value)} />
            </label>
            <button type="submit" className="btn btn-primary">
              {t('replay.load')}
            </button>
          </form>
          <ReportsError message={error} />
          {data && (
            <>
              <p data-testid="replay-summary">
                {t('replay.summary', {
                  requests: data.requests.length,
                  officers: tracks.size,
                  events: data.events.length,
                })}
              </p>
              {data.requests.length === 0 && data.tracks.length === 0 && <p>{t('replay.empty')}</p>}
              <div className="replay-controls">
                <button type="button" className="btn btn-primary" onClick={() => setPlaying(!playing)}>
                  {playing ? t('replay.pause') : t('replay.play')}
                </button>
                <label>
                  {t('replay.speed')}{' '}
                  <select value={speed} onChange={(e) => setSpeed(Number(e.target.value))}>
                    {SPEEDS.map((s) => (
                      <option key={s} value={s}>
                        {s}×
                      </option>
                    ))}
                  </select>
                </label>
                <output data-testid="replay-time">
                  {t('replay.at', { time: format.time(at, { seconds: true }) })}
                </output>
              </div>
              <input
                type="range"
                className="replay-scrubber"
                aria-label={t('replay.scrubber')}
                min={data.from}
                max={data.to}
                step={1000}
                value={at}
                onChange={(e) => setAt(Number(e.target.value))}
              />
              <h2>{t('replay.events')}</h2>
              <ol className="replay-events" data-testid="replay-events">
                {events
                  .slice(-12)
                  .reverse()
                  .map((e) => (
                    <li key={`${e.requestId}-${e.seq}`}>
                      {format.time(e.at, { seconds: true })} · №{number(e.requestId)} ·{' '}
                      {describeEntry(consoleT, cluster, e)}
                    </li>
                  ))}
              </ol>
            </>
          )}
        </section>
        <ClusterMap
          cluster={cluster}
          tiles={{ url: clusterInfo.tileUrl, attribution: clusterInfo.tileAttribution }}
          sources={clusterInfo.map}
          label={t('replay.title')}
          className="replay-map"
        >
          {officers.map((o) => (
            <Polyline key={`line-${o.officerId}`} positions={o.line} pathOptions={TRACK_STYLE} />
          ))}
          {requests.map(({ record, phase }) => (
            <CircleMarker
              key={record.request.id}
              center={[record.request.location.lat, record.request.location.lon]}
              radius={11}
              pathOptions={{ color: '#ffffff', weight: 2, fillColor: PHASE_COLOURS[phase], fillOpacity: 0.9 }}
            >
              <Tooltip permanent direction="top">
                №{record.request.number}
              </Tooltip>
            </CircleMarker>
          ))}
          {officers.map((o) => (
            <Marker key={o.officerId} position={[o.lat, o.lon]} icon={iconFor(o.officerId, o.reported)} />
          ))}
        </ClusterMap>
      </main>
    </div>
  );
}
