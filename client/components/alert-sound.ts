// A short alert that needs no audio file: a WebAudio beep and a vibration. Browsers may keep audio
// locked until the page has been touched; then only the vibration (and the screen) tell. One audio
// context for the whole page: unlocked by the login press, it still plays on the screen that follows.
import { audioContextCtor, playTones, type Tone } from './tones';

let context: AudioContext | undefined;

/** The page's audio context, created on first use (a gesture should come first: see armAudio). */
export function audio(): AudioContext | undefined {
  const Ctor = audioContextCtor();
  if (!Ctor) return undefined;
  context ??= new Ctor();
  return context;
}

/** Unlocks audio; call from a click or key handler so later beeps are allowed. */
export function armAudio(): Promise<void> {
  return audio()?.resume() ?? Promise.resolve();
}

export function beep(times = 2, frequency = 880): void {
  const ctx = audio();
  if (ctx) {
    void ctx.resume();
    const tones = Array.from({ length: times }, (_, i): Tone => [frequency, i * 0.3, 0.22]);
    playTones(ctx, tones, 0.3);
  }
  if (typeof navigator !== 'undefined' && typeof navigator.vibrate === 'function') {
    navigator.vibrate(Array.from({ length: times * 2 - 1 }, (_, i) => (i % 2 === 0 ? 250 : 120)));
  }
}
