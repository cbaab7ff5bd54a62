// The SOS timer rules, pure like the rest of the escalation ladder: an SOS request nobody has been
// offered yet goes to the nearest available officers (ranked as the console and the automatic
// reassignment rank them; after that the critical-priority escalation replaces whoever lets it down),
// and an SOS whose officer's phone has gone silent raises "mất liên lạc" once per silence.
import type { EventBody } from '../../shared/events';
import type { DispatchState } from '../../shared/domain';
import { openSosRequests } from '../../shared/sos';
import { suggestResponders, type SuggestKnown } from '../../shared/suggest';
import type { OfflineSince, ReassignContext } from './escalation';
import { assignmentIdAt } from './ids';

export type SosOfferContext = Omit<ReassignContext, 'priorities'>;

/** Offers for SOS requests with no assignment yet; ids from the seq each event will get (`nextSeq` on). */
export function dueSosOffers(state: DispatchState, now: number, nextSeq: number, ctx: SosOfferContext): EventBody[] {
  const due: EventBody[] = [];
  const taken = new Set<string>();
  const known: SuggestKnown = {
    online: ctx.isOnline ? new Set(Object.keys(state.officers).filter(ctx.isOnline)) : undefined,
    staleAfterMs: ctx.staleAfterMs,
    now: ctx.staleAfterMs === undefined ? undefined : now,
    travel: ctx.travel,
  };
  for (const request of openSosRequests(state)) {
    if (request.assignmentIds.length > 0) continue;
    const nearest = suggestResponders(state, ctx.positions, ctx.cluster, request.id, ctx.eta, known)
      .filter((s) => !taken.has(s.officerId))
      .slice(0, request.respondersWanted);
    for (const s of nearest) {
      taken.add(s.officerId);
      due.push({
        type: 'assignment:created',
        data: {
          requestId: request.id,
          commune: request.commune,
          assignmentId: assignmentIdAt(nextSeq + due.length),
          officerId: s.officerId,
          deadlineAt: now + ctx.assignmentDeadlineMs,
        },
      });
    }
  }
  return due;
}

/**
 * "Mất liên lạc": the SOS officer has had no device connected for `lostContactMs`, counted from the
 * later of the SOS and the start of the silence (fixes and other nodes' presence count as signs of life,
 * see Presence.offlineSince). Once per silence: a reconnect and a new silence alert again.
 */
export function dueSosLostContact(
  state: DispatchState,
  now: number,
  lostContactMs: number,
  offlineSince: OfflineSince,
): EventBody[] {
  const due: EventBody[] = [];
  for (const request of openSosRequests(state)) {
    const sos = request.sos;
    if (!sos) continue;
    const since = offlineSince(sos.officerId);
    if (since === null) continue;
    const silentSince = Math.max(since, sos.raisedAt);
    if (now - silentSince < lostContactMs || sos.lostContactSince === silentSince) continue;
    due.push({
      type: 'officer:sos_lost_contact',
      data: { requestId: request.id, commune: request.commune, officerId: sos.officerId, silentSince },
    });
  }
  return due;
}
