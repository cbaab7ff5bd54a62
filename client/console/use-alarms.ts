// The console's alarm: rings, flashes the title and keeps a banner for each cause (new request, expired
// or declined assignment, unassigned too long, unanswered welfare check, officer offline on an
// assignment) until the dispatcher acknowledges it; the most urgent cause first.
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { DispatchState } from '../../shared/domain';
import { AlarmSound } from './alarm-sound';
import { detectAlarms, mergeAlarms, type AlarmCause } from './alarms';

/** While something is unacknowledged the tone repeats, so a dispatcher who stepped away hears it on return. */
const REPEAT_MS = 20_000;
const FLASH_MS = 1_000;

export interface AlarmControls {
  alarms: readonly AlarmCause[];
  armed: boolean;
  arm: () => void;
  testTone: () => void;
  acknowledge: (key: string) => void;
  acknowledgeAll: () => void;
}

export function useAlarms(state: DispatchState, flashText: string): AlarmControls {
  const [sound] = useState(() => new AlarmSound());
  const armed = useSyncExternalStore(sound.subscribe, sound.isArmed, () => false);
  const [alarms, setAlarms] = useState<AlarmCause[]>([]);
  const previous = useRef<DispatchState>(state);

  useEffect(() => {
    const causes = detectAlarms(previous.current, state);
    previous.current = state;
    if (causes.length === 0) return;
    setAlarms((current) => mergeAlarms(current, causes));
    const loudest = mergeAlarms([], causes)[0];
    sound.play(loudest?.kind ?? 'new_request');
  }, [state, sound]);

  // Browsers allow audio after a gesture: arm on the first click or key anywhere on the page.
  useEffect(() => {
    const arm = () => void sound.arm();
    document.addEventListener('pointerdown', arm, { once: true });
    document.addEventListener('keydown', arm, { once: true });
    return () => {
      document.removeEventListener('pointerdown', arm);
      document.removeEventListener('keydown', arm);
      sound.close();
    };
  }, [sound]);

  const first = alarms[0];
  useEffect(() => {
    if (!first) return;
    const original = document.title;
    let on = false;
    const flash = setInterval(() => {
      on = !on;
      document.title = on ? flashText : original;
    }, FLASH_MS);
    const repeat = setInterval(() => sound.play(first.kind), REPEAT_MS);
    return () => {
      clearInterval(flash);
      clearInterval(repeat);
      document.title = original;
    };
  }, [first, flashText, sound]);

  const acknowledge = useCallback((key: string) => setAlarms((a) => a.filter((x) => x.key !== key)), []);
  const acknowledgeAll = useCallback(() => setAlarms([]), []);
  const arm = useCallback(() => void sound.arm(), [sound]);
  const testTone = useCallback(() => {
    void sound.arm().then(() => sound.play('test'));
  }, [sound]);
  return { alarms, armed, arm, testTone, acknowledge, acknowledgeAll };
}
