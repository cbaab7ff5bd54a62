// Drafts before they are stored: what a timer plans as a system draft, and the state a batch of drafts
// leads to with the seqs the log will give them, so whatever is decided next in the batch sees their effect.
import type { DispatchState } from '../../shared/domain';
import type { DispatchEvent, EventBody, EventDraft } from '../../shared/events';
import { applyEvents } from '../../shared/reducer';

/** What a timer plans, as a draft by the system actor at `now`. */
export function systemDraft(body: EventBody, now: number): EventDraft {
  return { ...body, at: now, actor: { role: 'system' }, commandId: null } as EventDraft;
}

/**
 * `state` after `drafts`, with provisional seqs: the log gives exactly these when they are appended
 * right after `state.seq`, so what is decided next sees their effect.
 */
export function applyProvisionally(state: DispatchState, drafts: readonly EventDraft[]): DispatchState {
  return applyEvents(
    state,
    drafts.map((d, i) => ({ ...d, seq: state.seq + i + 1 }) as DispatchEvent),
  );
}
