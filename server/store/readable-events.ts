// "Write only what can be read back": each event is put through the same JSON round trip and schema
// the log is read with before it is appended. An event that fails would make the next start-up refuse
// the log (or drop an acknowledged event as torn), so it is refused here, loudly, and nothing is written.
import { describeIssues } from '../../shared/cluster';
import { DispatchEventSchema, type DispatchEvent } from '../../shared/events';

export class UnreadableEventError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnreadableEventError';
  }
}

/** Throws UnreadableEventError naming the first event that would not read back. */
export function assertReadable(events: readonly DispatchEvent[]): void {
  for (const event of events) {
    const parsed = DispatchEventSchema.safeParse(JSON.parse(JSON.stringify(event)));
    if (parsed.success) continue;
    const message = `refusing to write ${event.type} (seq ${event.seq}): it would not read back: ${describeIssues(parsed.error)}`;
    console.error(`store: ${message}`);
    throw new UnreadableEventError(message);
  }
}
