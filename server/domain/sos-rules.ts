// The SOS timer rules, pure like the rest of the escalation ladder: an SOS request short of responders
// goes to the nearest available officers (ranked as the console and the automatic
// reassignment rank them; after that the critical-priority escalation replaces whoever lets it down),
// and an SOS whose officer's phone has gone silent raises "mất liên lạc" once per silence.
import type { EventBody } from '../../shared/events';
import { assignmentsOf, type Assignment, type DispatchState } from '../../shared/domain';
import { respondersShort, turnDownsToReplace } from '../../shared/responders';
import { openSosRequests } from '../../shared/sos';
import { suggestResponders } from '../../shared/suggest';
import { rankingKnown, type OfflineSince, type ReassignContext } from './escalation';
import { assignmentIdAt } from './ids';

export type SosOfferContext = Omit<ReassignContext, 'priorities'>;

/**
 * Offers for open SOS requests still short of the responders they want; ids from the seq each event will
 * get (`nextSeq` on). `state` is the state after this tick's reassignments. A request is offered as many
 * officers as it is short, less the turn-downs still to replace (the reassignment's, or the console's,
 * job), and never more than it wants counting the offers this rule has made before: so an SOS that found
 * fewer free officers than it wants gets the rest when they come on duty, one a dispatcher assigned by
 * hand first gets only the rest, and an offer the dispatcher withdrew is not made again (the withdrawal
 * is the dispatcher's decision; refilling it would fight them every tick).
 */
export function dueSosOffers(state: DispatchState, now: number, nextSeq: number, ctx: SosOfferContext): EventBody[] {
  const due: EventBody[] = [];
  const taken = new Set<string>();
  const known = rankingKnown(state, now, ctx);
  for (const request of openSosRequests(state)) {
    const offeredBefore = assignmentsOf(state, request.id).filter(isSosOffer).length;
    const wanted = Math.min(
      respondersShort(state, request) - turnDownsToReplace(state, request).length,
      request.respondersWanted - offeredBefore,
    );
    if (wanted <= 0) continue;
    const nearest = suggestResponders(state, ctx.positions, ctx.cluster, request.id, ctx.eta, known())
      .filter((s) => !s.declinedBefore && !taken.has(s.officerId))
      .slice(0, wanted);
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

/** An offer this rule made: by the system, and not the reassignment of a turn-down. */
function isSosOffer(a: Assignment): boolean {
  return a.assignedBy.role === 'system' && !a.replaces;
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
