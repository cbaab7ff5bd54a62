// Shares the officer's position while on duty: watchPosition, throttled reports, plain error states.
import { useEffect, useRef, useState } from 'react';
import type { PositionReport } from '../../../shared/commands';
import type { DispatchClient } from '../../net/dispatch-client';
import { shouldSendFix, toReport } from './fix-throttle';

export type GeoError = 'denied' | 'unavailable' | 'timeout' | 'unsupported';

export interface GeoState {
  fix: PositionReport | null;
  error: GeoError | null;
}

export function useGeolocationSharing(client: DispatchClient, enabled: boolean): GeoState {
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
        if (shouldSendFix(lastSent.current, fix)) {
          lastSent.current = fix;
          client.reportPosition(fix);
        }
      },
      (err) => {
        const error: GeoError =
          err.code === err.PERMISSION_DENIED ? 'denied' : err.code === err.TIMEOUT ? 'timeout' : 'unavailable';
        setGeo((g) => ({ ...g, error }));
      },
      { enableHighAccuracy: true, maximumAge: 10_000, timeout: 30_000 },
    );
    return () => navigator.geolocation.clearWatch(id);
  }, [client, enabled]);

  return enabled ? geo : { fix: null, error: null };
}
