// Deciding a batch of queued work (commands and timer plans) in order against one base state, each
// one seeing the state as the ones before it leave it. The engine then appends all the drafts with
// one write and one fsync (group commit): under load, acks wait for one disk flush, not a queue of them.
import type { Cluster } from '../shared/cluster';
import type { Command } from '../shared/commands';
import type { Actor, DispatchState, Principal } from '../shared/domain';
import type { EventBody, EventDraft } from '../shared/events';
import type { Refusal } from '../shared/protocol';
import { authorize } from './domain/authorize';
import { decide, type DecideConfig } from './domain/decide';
import { applyProvisionally, systemDraft } from './domain/drafts';
import type { AppliedCommand } from './store/store';

export type Job =
  | { kind: 'command'; principal: Principal; command: Command; actor: Actor; key: string }
  | { kind: 'system'; plan: (state: DispatchState, now: number) => EventBody[] };

export type Outcome =
  | { kind: 'refused'; refusal: Refusal }
  /** Applied before this batch: answer with the first result. */
  | { kind: 'duplicate'; seq: number; ref?: string }
  /** The same command id earlier in this batch: answer as that one. */
  | { kind: 'same-as'; index: number }
  /** Accepted: its events are the seqs in (from, to] (none when from === to). */
  | { kind: 'accepted'; from: number; to: number; ref?: string };

export interface BatchContext {
  now: number;
  cluster: Cluster;
  config: DecideConfig;
  applied: (key: string) => AppliedCommand | undefined;
}

export function decideBatch(
  base: DispatchState,
  jobs: readonly Job[],
  ctx: BatchContext,
): { drafts: EventDraft[]; outcomes: Outcome[] } {
  let state = base;
  const drafts: EventDraft[] = [];
  const acceptedKeys = new Map<string, number>();
  const outcomes = jobs.map((job, index): Outcome => {
    let produced: EventDraft[];
    let ref: string | undefined;
    if (job.kind === 'command') {
      const earlier = ctx.applied(job.key);
      if (earlier) return { kind: 'duplicate', seq: earlier.seq, ...(earlier.ref ? { ref: earlier.ref } : {}) };
      const first = acceptedKeys.get(job.key);
      if (first !== undefined) return { kind: 'same-as', index: first };
      const denied = authorize(job.principal, job.command, state);
      if (denied) return { kind: 'refused', refusal: denied };
      const decision = decide({ ...ctx, state, command: job.command, actor: job.actor });
      if (!decision.ok) return { kind: 'refused', refusal: decision };
      produced = decision.drafts;
      ref = decision.ref;
      acceptedKeys.set(job.key, index);
    } else {
      produced = job.plan(state, ctx.now).map((b) => systemDraft(b, ctx.now));
    }
    const from = state.seq;
    state = applyProvisionally(state, produced);
    drafts.push(...produced);
    return { kind: 'accepted', from, to: state.seq, ...(ref ? { ref } : {}) };
  });
  return { drafts, outcomes };
}
