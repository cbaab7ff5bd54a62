// Alarm tones made with WebAudio (no sound files to load). Browsers keep an AudioContext suspended
// until the page is clicked: the login press unlocks the page's one context (alert-sound.ts), and
// after a reload the console says loudly that sound is off until the next click or key.
import { armAudio, audio } from '../components/alert-sound';
import { audioContextCtor, playTones, type Tone } from '../components/tones';
import type { AlarmKind } from './alarms';

/** Distinct patterns so a dispatcher can tell the cause without looking. */
const PATTERNS: Record<AlarmKind | 'test', readonly Tone[]> = {
  new_request: [
    [880, 0, 0.18],
    [1320, 0.22, 0.18],
    [880, 0.5, 0.18],
    [1320, 0.72, 0.18],
  ],
  assignment_expired: [
    [440, 0, 0.3],
    [440, 0.4, 0.3],
    [440, 0.8, 0.3],
  ],
  assignment_declined: [
    [523, 0, 0.25],
    [392, 0.3, 0.35],
  ],
  // Officer safety: the most insistent pattern, long and low-high alternating.
  welfare_alert: [
    [392, 0, 0.35],
    [784, 0.4, 0.35],
    [392, 0.8, 0.35],
    [784, 1.2, 0.35],
    [392, 1.6, 0.35],
    [784, 2, 0.35],
  ],
  officer_offline: [
    [587, 0, 0.25],
    [587, 0.35, 0.25],
    [440, 0.7, 0.5],
  ],
  unassigned: [
    [660, 0, 0.2],
    [990, 0.25, 0.2],
    [660, 0.5, 0.2],
    [990, 0.75, 0.2],
    [660, 1, 0.2],
  ],
  // SOS: a fast high siren sweep, unlike any other pattern; contact lost with an SOS officer: the same, lower.
  sos: [
    [1400, 0, 0.15],
    [950, 0.17, 0.15],
    [1400, 0.34, 0.15],
    [950, 0.51, 0.15],
    [1400, 0.68, 0.15],
    [950, 0.85, 0.15],
    [1400, 1.02, 0.15],
    [950, 1.19, 0.15],
  ],
  sos_lost_contact: [
    [700, 0, 0.2],
    [1400, 0.22, 0.2],
    [700, 0.44, 0.2],
    [1400, 0.66, 0.2],
  ],
  // A post called its request off: two short falling notes, news rather than a task.
  request_cancelled: [
    [660, 0, 0.15],
    [494, 0.2, 0.25],
  ],
  test: [[1000, 0, 0.25]],
};

export class AlarmSound {
  private readonly listeners = new Set<() => void>();
  private watched: AudioContext | null = null;

  get supported(): boolean {
    return audioContextCtor() !== undefined;
  }

  /** Whether a tone played now would be heard (the page's context exists and is running). */
  isArmed = (): boolean => this.context()?.state === 'running';

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    this.watch();
    return () => this.listeners.delete(listener);
  };

  /** Call from a user gesture (click, key): creates or resumes the page's audio context. */
  async arm(): Promise<boolean> {
    try {
      await armAudio();
    } catch {
      // Still blocked: the armed indicator keeps saying so.
    }
    this.watch();
    this.notify();
    return this.isArmed();
  }

  play(kind: AlarmKind | 'test'): void {
    const ctx = this.context();
    if (!ctx || ctx.state !== 'running') return;
    playTones(ctx, PATTERNS[kind]);
  }

  /** Stops telling this console's listeners; the page's context stays for the next screen. */
  close(): void {
    this.listeners.clear();
  }

  private context(): AudioContext | undefined {
    return this.watched ?? undefined;
  }

  /** Follows the page's context: created by the login press, or now (suspended) after a reload. */
  private watch(): void {
    if (this.watched || !this.supported) return;
    const ctx = audio();
    if (!ctx) return;
    this.watched = ctx;
    ctx.addEventListener('statechange', () => this.notify());
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }
}
