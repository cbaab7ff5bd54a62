// After an officer declines or lets an assignment expire, the request needs someone else now: this panel
// names who turned it down and offers the next-nearest available officer, assigned with one click (or
// the N key). When comes from shared/responders.ts and who from shared/suggest.ts, the rules the server's
// automatic reassignment follows, so the console uses the same rule and ranking per request as the server;
// `known` (presence, fix ages) is what the console's suggestion list also ranks by, so N and 1 agree.
import type { Cluster } from '../../shared/cluster';
import type { Assignment, DispatchState } from '../../shared/domain';
import type { EtaOptions } from '../../shared/geo';
import { turnDownsToReplace } from '../../shared/responders';
import {
  suggestResponders,
  type PositionsByOfficer,
  type ResponderSuggestion,
  type SuggestKnown,
} from '../../shared/suggest';
import { useFormat } from '../i18n';
import { callsignOf, communeName, type ConsoleT } from './console-text';
import { ownRecord } from '../../shared/ids';

export interface NextOffer {
  /** The turn-down the next assignment answers: the earliest one not answered yet. */
  turnedDown: Assignment;
  /** The nearest available officer who has not turned this request down; null when there is none. */
  next: ResponderSuggestion | null;
}

/**
 * Null unless the request has a turn-down to replace (shared/responders.ts): the same rule, and the same
 * ranking, by which the server reassigns an AUTO_REASSIGN priority.
 */
export function nextOffer(
  state: DispatchState,
  positions: PositionsByOfficer,
  cluster: Pick<Cluster, 'communes'>,
  requestId: string,
  eta?: EtaOptions,
  known?: SuggestKnown,
): NextOffer | null {
  const request = ownRecord(state.requests, requestId);
  const turnedDown = request ? turnDownsToReplace(state, request)[0] : undefined;
  if (!turnedDown) return null;
  const next =
    suggestResponders(state, positions, cluster, requestId, eta, known).find((s) => !s.declinedBefore) ?? null;
  return { turnedDown, next };
}

export function OfferNext(props: {
  t: ConsoleT;
  cluster: Cluster;
  offer: NextOffer;
  busy: boolean;
  onAssign: (officerId: string) => void;
}) {
  const { t, cluster, offer, busy, onAssign } = props;
  const format = useFormat();
  const { turnedDown, next } = offer;
  const who = callsignOf(cluster, turnedDown.officerId);
  const why =
    turnedDown.status === 'declined'
      ? t('offer.declined', { callsign: who, time: format.time(turnedDown.endedAt ?? turnedDown.assignedAt) })
      : t('offer.expired', { callsign: who, time: format.time(turnedDown.endedAt ?? turnedDown.deadlineAt) });
  return (
    <section className="offer-next" aria-labelledby="offer-next-title" data-testid="offer-next">
      <h3 id="offer-next-title">{t('offer.title')}</h3>
      <p>
        {why}
        {turnedDown.reason ? ` – ${turnedDown.reason}` : ''}
      </p>
      {next ? (
        <>
          <p>
            {t('offer.next', {
              callsign: next.callsign,
              commune: communeName(cluster, next.commune),
              eta: format.eta(next.etaSeconds),
              distance: format.distance(next.distanceMeters),
            })}
            {next.from === 'post' && <span className="hint"> ({t('console.fromPost')})</span>}
          </p>
          <button
            type="button"
            className="btn btn-danger btn-big"
            disabled={busy}
            aria-keyshortcuts="N"
            data-officer={next.officerId}
            onClick={() => onAssign(next.officerId)}
          >
            {t('offer.assign', { callsign: next.callsign })} <kbd aria-hidden="true">N</kbd>
          </button>
        </>
      ) : (
        <p className="error-text">{t('offer.none')}</p>
      )}
    </section>
  );
}
