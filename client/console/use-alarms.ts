// The console's alarm: the causes that stand now (alarms.ts), minus those acknowledged. A cause that
// was not standing before rings (after a reload every standing cause does: a wall screen that reloads
// must not go quiet on requests still waiting), flashes the title and repeats the tone while anything
// is unacknowledged; a cause that ends leaves the banner by itself.
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type { DispatchState } from '../../shared/domain';
import { AlarmSound } from './alarm-sound';
import { alarmsToRing, standingAlarms, type AlarmCause } from './alarms';

/** While something is unacknowledged the tone repeats, so a dispatcher who stepped away hears it on return. */
const REPEAT_MS = 20_000;
const FLASH_MS = 1_000;
/** The clock only matters to causes that stand for a while (a post's cancel); a coarse tick is enough. */
const CLOCK_STEP_MS = 15_000;

export interface AlarmControls {
  /** Standing and not acknowledged, most urgent first, newest first within a level. */
  alarms: readonly AlarmCause[];
  armed: boolean;
  arm: () => void;
  testTone: () => void;
  acknowledge: (key: string) => void;
  acknowledgeAll: () => void;
}

export function useAlarms(
  state: DispatchState,
  options: { flashText: string; now: number; online: ReadonlySet<string> },
): AlarmControls {
  const { flashText, online } = options;
  const [sound] = useState(() => new AlarmSound());
  const armed = useSyncExternalStore(sound.subscribe, sound.isArmed, () => false);
  const [acknowledged, setAcknowledged] = useState<ReadonlySet<string>>(new Set());
  const rung = useRef(new Set<string>());
  const clock = Math.floor(options.now / CLOCK_STEP_MS) * CLOCK_STEP_MS;

  const standing = useMemo(() => standingAlarms(state, { now: clock, online }), [state, clock, online]);
  const alarms = useMemo(() => standing.filter((a) => !acknowledged.has(a.key)), [standing, acknowledged]);

  useEffect(() => {
    const fresh = alarmsToRing(standing, rung.current);
    // Forget what no longer stands, so the set stays as small as the live state.
    rung.current = new Set(standing.map((a) => a.key));
    const loudest = fresh[0];
    if (loudest) sound.play(loudest.kind);
  }, [standing, sound]);

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
  const firstKind = first?.kind;
  useEffect(() => {
    if (!firstKind) return;
    const original = document.title;
    let on = false;
    const flash = setInterval(() => {
      on = !on;
      document.title = on ? flashText : original;
    }, FLASH_MS);
    const repeat = setInterval(() => sound.play(firstKind), REPEAT_MS);
    return () => {
      clearInterval(flash);
      clearInterval(repeat);
      document.title = original;
    };
  }, [firstKind, flashText, sound]);

  const acknowledge = useCallback((key: string) => setAcknowledged((a) => new Set([...a, key])), []);
  const acknowledgeAll = useCallback(
    () => setAcknowledged((a) => new Set([...a, ...standing.map((x) => x.key)])),
    [standing],
  );
  const arm = useCallback(() => void sound.arm(), [sound]);
  const testTone = useCallback(() => {
    void sound.arm().then(() => sound.play('test'));
  }, [sound]);
  return { alarms, armed, arm, testTone, acknowledge, acknowledgeAll };
}
