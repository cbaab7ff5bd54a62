// Suggested responders for the selected request, as shared/suggest.ts ranks them (the same rule as the
// server's automatic reassignment): the first few, one button each, numbered for the number keys.
import type { Cluster } from '../../shared/cluster';
import type { ResponderSuggestion } from '../../shared/suggest';
import { useFormat, useT } from '../i18n';
import { messages as mapMessages } from '../i18n/messages/map';
import { communeName, type ConsoleT } from './console-text';

/** How many suggestions are shown, each with its number key (1–5). */
export const SUGGESTION_KEYS = 5;

export interface SuggestionListProps {
  t: ConsoleT;
  cluster: Cluster;
  suggestions: readonly ResponderSuggestion[];
  /** Officers who turned this request down, and how (the suggestion only knows that they did). */
  turnedDown?: ReadonlyMap<string, 'declined' | 'expired'>;
  disabled: boolean;
  onAssign: (officerId: string) => void;
}

export function SuggestionList({ t, cluster, suggestions, turnedDown, disabled, onAssign }: SuggestionListProps) {
  const format = useFormat();
  const mapT = useT(mapMessages);
  return (
    <section className="console-suggestions" aria-labelledby="console-suggestions-title">
      <h3 id="console-suggestions-title">{t('console.suggestions')}</h3>
      {suggestions.length === 0 ? (
        <p className="hint">{t('console.noSuggestions')}</p>
      ) : (
        <ol className="suggestion-list" data-testid="suggestions">
          {suggestions.map((s, i) => {
            const caveats = [
              s.etaMethod === 'road' ? mapT('map.etaRoad') : mapT('map.etaStraight'),
              s.from === 'post' ? t('console.fromPost') : null,
              s.staleFix ? t('console.staleFix') : null,
              s.online ? null : t('console.offline'),
              s.declinedBefore
                ? t(turnedDown?.get(s.officerId) === 'expired' ? 'console.expiredBefore' : 'console.declinedBefore')
                : null,
            ].filter((c): c is string => c !== null);
            return (
              <li key={s.officerId}>
                <button
                  type="button"
                  className="btn suggestion"
                  disabled={disabled}
                  onClick={() => onAssign(s.officerId)}
                  aria-keyshortcuts={String(i + 1)}
                  data-officer={s.officerId}
                >
                  <kbd aria-hidden="true">{i + 1}</kbd>
                  <span className="suggestion-main">
                    <strong>{t('console.assignTo', { callsign: s.callsign })}</strong>
                    <span>
                      {t('console.suggestionLine', {
                        commune: communeName(cluster, s.commune),
                        eta: format.eta(s.etaSeconds),
                        distance: format.distance(s.distanceMeters),
                      })}
                    </span>
                    {caveats.length > 0 && <span className="suggestion-caveat">{caveats.join(' · ')}</span>}
                  </span>
                </button>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
