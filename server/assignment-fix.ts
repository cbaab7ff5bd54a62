// A post learns an officer's position from the batches, which carry only fixes that changed. An officer
// standing still when assigned therefore showed "no position" (and no ETA) on the post's card until it
// moved, though the server had its last fix. On every new assignment the officer's latest fix is put
// into the next batch again, which now reaches the requesting post too.
import type { Engine } from './engine';
import type { PositionBatcher, PositionStore } from './positions';

export function resendFixOnAssignment(engine: Engine, positions: PositionStore, batcher: PositionBatcher): () => void {
  return engine.onEvents((events) => {
    const assigned = new Set(events.flatMap((e) => (e.type === 'assignment:created' ? [e.data.officerId] : [])));
    if (assigned.size === 0) return;
    positions.latest().then(
      (all) => {
        for (const fix of all) if (assigned.has(fix.officerId)) batcher.add(fix);
      },
      (error: unknown) => console.error('positions: could not resend the fix of an assigned officer', error),
    );
  });
}
