// Keeps the officer's screen on while an assignment is open: a phone that locks itself hides the
// countdown and the next step. The browser releases the lock whenever the page is hidden, so it is
// asked for again each time the page comes back. The screen says so when the phone refuses.
import { useEffect, useState } from 'react';

export type WakeLockState = 'off' | 'held' | 'refused' | 'unsupported';

export function useWakeLock(wanted: boolean): WakeLockState {
  const [state, setState] = useState<WakeLockState>('off');

  useEffect(() => {
    if (!wanted) return;
    if (typeof navigator === 'undefined' || !('wakeLock' in navigator)) {
      setState('unsupported');
      return;
    }
    let sentinel: WakeLockSentinel | null = null;
    let stopped = false;
    const acquire = () => {
      if (document.visibilityState !== 'visible' || sentinel !== null) return;
      navigator.wakeLock.request('screen').then(
        (lock) => {
          if (stopped) {
            void lock.release();
            return;
          }
          sentinel = lock;
          setState('held');
          lock.addEventListener('release', () => {
            sentinel = null;
          });
        },
        () => {
          if (!stopped) setState('refused');
        },
      );
    };
    acquire();
    document.addEventListener('visibilitychange', acquire);
    return () => {
      stopped = true;
      document.removeEventListener('visibilitychange', acquire);
      void sentinel?.release();
      sentinel = null;
      setState('off');
    };
  }, [wanted]);

  return wanted ? state : 'off';
}
