// Shares the officer's position while on duty: watchPosition, throttled reports, a steady heartbeat
// (a fresh fix asked for every FIX_HEARTBEAT_MS even when standing still), plain error states. While an
// SOS is open (`fast`) every fix goes out, at most one a second, and none is served from a cache.
import { useEffect, useRef, useState } from 'react';
import type { PositionReport } from '../../../shared/commands';
import type { DispatchClient } from '../../net/dispatch-client';
import {
  FIX_HEARTBEAT_MS,
  FIX_MIN_INTERVAL_MS,
  heartbeatDue,
  shouldSendFix,
  SOS_FIX_INTERVAL_MS,
  toReport,
} from './fix-throttle';

export type GeoError = 'denied' | 'unavailable' | 'timeout' | 'unsupported';

export interface GeoState {
  fix: PositionReport | null;
  error: GeoError | null;
}

export function useGeolocationSharing(
  client: DispatchClient,
  enabled: boolean,
  fast = false,
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
        if (shouldSendFix(lastSent.current, fix, fast ? SOS_FIX_INTERVAL_MS : FIX_MIN_INTERVAL_MS)) report(fix);
      },
      onError,
      { enableHighAccuracy: true, maximumAge: fast ? 0 : 10_000, timeout: 30_000 },
    );
    // Standing still, watchPosition stays quiet: ask for a fresh fix and send it whatever it says.
    const every = fast ? SOS_FIX_INTERVAL_MS * 5 : heartbeatMs;
    const heartbeat = setInterval(
      () => {
        if (!heartbeatDue(lastSentAt.current, Date.now(), every)) return;
        geolocation.getCurrentPosition(
          (position) => {
            const fix = toReport(position);
            setGeo({ fix, error: null });
            report(fix);
          },
          onError,
          { enableHighAccuracy: true, maximumAge: fast ? 0 : every / 2, timeout: 20_000 },
        );
      },
      Math.max(1000, every / 3),
    );
    return () => {
      geolocation.clearWatch(id);
      clearInterval(heartbeat);
    };
  }, [client, enabled, fast, heartbeatMs]);

  return enabled ? geo : { fix: null, error: null };
}
