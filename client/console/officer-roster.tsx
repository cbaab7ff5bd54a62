// Every officer grouped by commune: available / busy / off duty, online or not, how old the last
// position is, and the request the officer is on.
import type { Cluster } from '../../shared/cluster';
import { activeAssignmentOf, officerStatus, type DispatchState } from '../../shared/domain';
import type { OfficerPosition, PresenceUpdate } from '../../shared/protocol';
import { StatusChip } from '../components/status-chip';
import { assignmentStatusKey, useFormat } from '../i18n';
import { communeColours } from '../map/area-style';
import { isStaleFix } from '../map/officer-layer';
import type { ConsoleT } from './console-text';
import { ownRecord } from '../../shared/ids';

export interface OfficerRosterProps {
  t: ConsoleT;
  cluster: Cluster;
  state: DispatchState;
  positions: Readonly<Record<string, OfficerPosition>>;
  presence: Readonly<Record<string, PresenceUpdate>>;
  now: number;
  onSelectRequest: (id: string) => void;
}

export function OfficerRoster({ t, cluster, state, positions, presence, now, onSelectRequest }: OfficerRosterProps) {
  const format = useFormat();
  const colours = communeColours(cluster);
  const counts = { available: 0, busy: 0, off_duty: 0 };
  for (const o of cluster.officers) counts[officerStatus(state, o.id)]++;
  return (
    <section className="console-roster" aria-labelledby="console-roster-title" data-testid="officer-roster">
      <h2 id="console-roster-title">{t('console.roster')}</h2>
      <p className="hint">
        {t('console.rosterSummary', { available: counts.available, busy: counts.busy, off: counts.off_duty })}
      </p>
      <div className="roster-groups">
        {cluster.communes.map((c) => (
          <section key={c.id} className="roster-group" aria-labelledby={`roster-${c.id}`}>
            <h3 id={`roster-${c.id}`} style={{ borderColor: colours[c.id] }}>
              {c.name} <span className="hint">({c.province})</span>
            </h3>
            <ul>
              {cluster.officers
                .filter((o) => o.commune === c.id)
                .map((o) => {
                  const status = officerStatus(state, o.id);
                  const online = ownRecord(presence, o.id)?.online ?? false;
                  const fix = ownRecord(positions, o.id);
                  const active = activeAssignmentOf(state, o.id);
                  const request = active ? ownRecord(state.requests, active.requestId) : undefined;
                  const stale = fix ? isStaleFix(fix.receivedAt, now) : true;
                  return (
                    <li key={o.id} className="roster-officer" data-officer={o.id}>
                      <strong className="roster-callsign">{o.callsign}</strong>
                      <StatusChip chip={{ of: 'officer', status }} />
                      <span
                        className={`roster-presence ${online ? 'online' : 'offline'}`}
                        title={online ? t('console.online') : t('console.offlineSince')}
                      >
                        <span aria-hidden="true">{online ? '●' : '○'}</span>
                        <span className="visually-hidden">
                          {online ? t('console.online') : t('console.offlineSince')}
                        </span>
                      </span>
                      <span
                        className={`roster-fix${stale ? ' stale' : ''}`}
                        title={fix ? t('console.lastSeen', { age: format.ago(now - fix.receivedAt) }) : undefined}
                      >
                        {fix ? format.age(now - fix.receivedAt) : t('console.noFix')}
                      </span>
                      {active && request && (
                        <button
                          type="button"
                          className="btn btn-quiet btn-small"
                          onClick={() => onSelectRequest(request.id)}
                        >
                          {t('console.currentAssignment', {
                            number: request.number,
                            status: t(assignmentStatusKey(active.status)),
                          })}
                        </button>
                      )}
                    </li>
                  );
                })}
            </ul>
          </section>
        ))}
      </div>
    </section>
  );
}
