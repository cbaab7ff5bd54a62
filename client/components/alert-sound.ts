// A short alert that needs no audio file: a WebAudio beep and a vibration. Browsers may keep audio
// locked until the page has been touched; then only the vibration (and the screen) tell.
let context: AudioContext | undefined;

function audio(): AudioContext | undefined {
  if (typeof window === 'undefined' || typeof window.AudioContext !== 'function') return undefined;
  context ??= new window.AudioContext();
  return context;
}

/** Unlocks audio; call from a click or key handler so later beeps are allowed. */
export function armAudio(): void {
  void audio()?.resume();
}

export function beep(times = 2, frequency = 880): void {
  const ctx = audio();
  if (ctx) {
    void ctx.resume();
    for (let i = 0; i < times; i++) {
      const start = ctx.currentTime + i * 0.3;
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = 'square';
      osc.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, start);
      gain.gain.exponentialRampToValueAtTime(0.3, start + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.22);
      osc.connect(gain).connect(ctx.destination);
      osc.start(start);
      osc.stop(start + 0.25);
    }
  }
  if (typeof navigator !== 'undefined' && typeof navigator.vibrate === 'function') {
    navigator.vibrate(Array.from({ length: times * 2 - 1 }, (_, i) => (i % 2 === 0 ? 250 : 120)));
  }
}
