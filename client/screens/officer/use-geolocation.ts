// Shares the officer's position while on duty: watchPosition, throttled reports, plain error states.
import { useEffect, useRef, useState } from 'react';
import type { PositionReport } from '../../../shared/commands';
import type { DispatchClient } from '../../net/dispatch-client';
import { FIX_MIN_INTERVAL_MS, shouldSendFix, SOS_FIX_INTERVAL_MS, toReport } from './fix-throttle';

export type GeoError = 'denied' | 'unavailable' | 'timeout' | 'unsupported';

export interface GeoState {
  fix: PositionReport | null;
  error: GeoError | null;
}

/** `fast`: an SOS is open, so every fix goes out (at most one a second) and none is served from a cache. */
export function useGeolocationSharing(client: DispatchClient, enabled: boolean, fast = false): GeoState {
  const [geo, setGeo] = useState<GeoState>({ fix: null, error: null });
  const lastSent = useRef<PositionReport | null>(null);

  useEffect(() => {
    if (!enabled) return;
    if (typeof navigator === 'undefined' || !('geolocation' in navigator)) {
      setGeo({ fix: null, error: 'unsupported' });
      return;
    }
    const id = navigator.geolocation.watchPosition(
      (position) => {
        const fix = toReport(position);
        setGeo({ fix, error: null });
        if (shouldSendFix(lastSent.current, fix, fast ? SOS_FIX_INTERVAL_MS : FIX_MIN_INTERVAL_MS)) {
          lastSent.current = fix;
          client.reportPosition(fix);
        }
      },
      (err) => {
        const error: GeoError =
          err.code === err.PERMISSION_DENIED ? 'denied' : err.code === err.TIMEOUT ? 'timeout' : 'unavailable';
        setGeo((g) => ({ ...g, error }));
      },
      { enableHighAccuracy: true, maximumAge: fast ? 0 : 10_000, timeout: 30_000 },
    );
    return () => navigator.geolocation.clearWatch(id);
  }, [client, enabled, fast]);

  return enabled ? geo : { fix: null, error: null };
}
