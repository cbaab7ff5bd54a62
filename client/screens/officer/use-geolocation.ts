// Shares the officer's position while on duty: watchPosition, throttled reports, a steady heartbeat
// (a fresh fix asked for every FIX_HEARTBEAT_MS even when standing still), plain error states.
import { useEffect, useRef, useState } from 'react';
import type { PositionReport } from '../../../shared/commands';
import type { DispatchClient } from '../../net/dispatch-client';
import { FIX_HEARTBEAT_MS, heartbeatDue, shouldSendFix, toReport } from './fix-throttle';

export type GeoError = 'denied' | 'unavailable' | 'timeout' | 'unsupported';

export interface GeoState {
  fix: PositionReport | null;
  error: GeoError | null;
}

export function useGeolocationSharing(
  client: DispatchClient,
  enabled: boolean,
  heartbeatMs = FIX_HEARTBEAT_MS,
): GeoState {
  const [geo, setGeo] = useState<GeoState>({ fix: null, error: null });
  const lastSent = useRef<PositionReport | null>(null);
  /** Device time of the last report, for the heartbeat (a fix's own `at` may be old: maximumAge). */
  const lastSentAt = useRef<number | null>(null);

  useEffect(() => {
    if (!enabled) return;
    if (typeof navigator === 'undefined' || !('geolocation' in navigator)) {
      setGeo({ fix: null, error: 'unsupported' });
      return;
    }
    const geolocation = navigator.geolocation;
    const report = (fix: PositionReport) => {
      lastSent.current = fix;
      lastSentAt.current = Date.now();
      client.reportPosition(fix);
    };
    const onError = (err: GeolocationPositionError) => {
      const error: GeoError =
        err.code === err.PERMISSION_DENIED ? 'denied' : err.code === err.TIMEOUT ? 'timeout' : 'unavailable';
      setGeo((g) => ({ ...g, error }));
    };
    const id = geolocation.watchPosition(
      (position) => {
        const fix = toReport(position);
        setGeo({ fix, error: null });
        if (shouldSendFix(lastSent.current, fix)) report(fix);
      },
      onError,
      { enableHighAccuracy: true, maximumAge: 10_000, timeout: 30_000 },
    );
    // Standing still, watchPosition stays quiet: ask for a fresh fix and send it whatever it says.
    const heartbeat = setInterval(
      () => {
        if (!heartbeatDue(lastSentAt.current, Date.now(), heartbeatMs)) return;
        geolocation.getCurrentPosition(
          (position) => {
            const fix = toReport(position);
            setGeo({ fix, error: null });
            report(fix);
          },
          onError,
          { enableHighAccuracy: true, maximumAge: heartbeatMs / 2, timeout: 20_000 },
        );
      },
      Math.max(1000, heartbeatMs / 3),
    );
    return () => {
      geolocation.clearWatch(id);
      clearInterval(heartbeat);
    };
  }, [client, enabled, heartbeatMs]);

  return enabled ? geo : { fix: null, error: null };
}
