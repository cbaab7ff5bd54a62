// A deliberate press per step. On a phone the next step's button appears where the finger just was
// (NHẬN → ĐANG ĐẾN → CÓ MẶT → XONG), so a quick double tap used to record two steps in one second.
// Each new step starts locked for a moment, and a second press of the same step is ignored.
import { useCallback, useEffect, useRef, useState } from 'react';

/** How long a newly shown step refuses presses; long enough for a double tap, short for a real one. */
export const STEP_LOCK_MS = 1200;

export interface StepLock {
  /** The step was shown less than STEP_LOCK_MS ago: its button is disabled. */
  locked: boolean;
  /** Runs `action` unless locked or the same step was already pressed within the lock. */
  press: (action: () => void) => void;
}

/** `step` names what is on screen (assignment id + status); a new value locks again. */
export function useStepLock(step: string, lockMs = STEP_LOCK_MS): StepLock {
  const [unlocked, setUnlocked] = useState<string | null>(null);
  const lastPress = useRef<{ step: string; at: number } | null>(null);
  useEffect(() => {
    const timer = setTimeout(() => setUnlocked(step), lockMs);
    return () => clearTimeout(timer);
  }, [step, lockMs]);
  const locked = unlocked !== step;
  const press = useCallback(
    (action: () => void) => {
      if (locked) return;
      const now = performance.now();
      const last = lastPress.current;
      if (last && last.step === step && now - last.at < lockMs) return;
      lastPress.current = { step, at: now };
      action();
    },
    [locked, step, lockMs],
  );
  return { locked, press };
}
