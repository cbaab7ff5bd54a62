// Square-wave tones on WebAudio, so no sound file has to load: the phones' beep and the console's alarm
// patterns both play through here.

/** A tone of a pattern: its pitch, when it starts after the pattern does, and how long it lasts. */
export type Tone = readonly [frequencyHz: number, startS: number, durationS: number];

type AudioContextCtor = new () => AudioContext;

/** The browser's AudioContext (older Safari names it webkitAudioContext); undefined without WebAudio. */
export function audioContextCtor(): AudioContextCtor | undefined {
  const w = globalThis as unknown as { AudioContext?: AudioContextCtor; webkitAudioContext?: AudioContextCtor };
  return w.AudioContext ?? w.webkitAudioContext;
}

/** Schedules `tones` from now on `ctx`. Short ramps at each end keep a beep from clicking. */
export function playTones(ctx: AudioContext, tones: readonly Tone[], volume = 0.2): void {
  const start = ctx.currentTime + 0.02;
  for (const [frequency, at, duration] of tones) {
    const oscillator = ctx.createOscillator();
    const gain = ctx.createGain();
    oscillator.type = 'square';
    oscillator.frequency.value = frequency;
    gain.gain.setValueAtTime(0, start + at);
    gain.gain.linearRampToValueAtTime(volume, start + at + 0.01);
    gain.gain.setValueAtTime(volume, start + at + duration - 0.02);
    gain.gain.linearRampToValueAtTime(0, start + at + duration);
    oscillator.connect(gain).connect(ctx.destination);
    oscillator.start(start + at);
    oscillator.stop(start + at + duration + 0.02);
  }
}
