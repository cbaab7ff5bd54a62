// The report's tables: every step's median, 90th percentile and fractiles; the groups (commune, kind,
// priority); outcomes; and the requests with missing steps or excluded, listed apart.
import type { Cluster } from '../../shared/cluster';
import {
  FRACTILE_MINUTES,
  INTERVALS,
  OUTCOME_KEYS,
  type GroupReport,
  type IntervalName,
  type OutcomeKey,
  type ReportRow,
} from '../../shared/response-times';
import { kindKey, outcomeKey, priorityKey, useFormat } from '../i18n';
import {
  OUTCOMES,
  PRIORITIES,
  REQUEST_KINDS,
  type Outcome,
  type Priority,
  type RequestKind,
} from '../../shared/domain';
import type { ReportsT } from './reports-shell';

export const intervalKey = (name: IntervalName) => `report.interval.${name}` as const;

function useMinutes() {
  const format = useFormat();
  return (ms: number | null) => (ms === null ? '–' : format.duration(ms, 'clock'));
}

const percent = (fraction: number) => `${Math.round(fraction * 100)} %`;

export function outcomeLabel(t: ReportsT, key: OutcomeKey): string {
  if ((OUTCOMES as readonly string[]).includes(key)) return t(outcomeKey(key as Outcome));
  return key === 'cancelled' ? t('report.outcome.cancelled') : t('report.outcome.open');
}

export function groupLabel(t: ReportsT, cluster: Cluster, key: string): string {
  if ((REQUEST_KINDS as readonly string[]).includes(key)) return t(kindKey(key as RequestKind));
  if ((PRIORITIES as readonly string[]).includes(key)) return t(priorityKey(key as Priority));
  return cluster.communes.find((c) => c.id === key)?.name ?? key;
}

export function IntervalTable({ t, group }: { t: ReportsT; group: GroupReport }) {
  const minutes = useMinutes();
  return (
    <table className="report-table" data-testid="interval-table">
      <thead>
        <tr>
          <th scope="col">{t('report.step')}</th>
          <th scope="col">{t('report.count')}</th>
          <th scope="col">{t('report.median')}</th>
          <th scope="col">{t('report.p90')}</th>
          {FRACTILE_MINUTES.map((m) => (
            <th scope="col" key={m}>
              {t('report.within', { minutes: m })}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {INTERVALS.map((name) => {
          const s = group.intervals[name];
          return (
            <tr key={name} data-interval={name}>
              <th scope="row">{t(intervalKey(name))}</th>
              <td>{s.count}</td>
              <td>{minutes(s.medianMs)}</td>
              <td>{minutes(s.p90Ms)}</td>
              {s.within.map((w, i) => (
                <td key={FRACTILE_MINUTES[i]}>{s.count === 0 ? '–' : percent(w)}</td>
              ))}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** One line per group: requests, and median / p90 of assignment and arrival. */
export function GroupTable({
  t,
  cluster,
  title,
  groups,
}: {
  t: ReportsT;
  cluster: Cluster;
  title: string;
  groups: GroupReport[];
}) {
  const minutes = useMinutes();
  const shown: IntervalName[] = ['assigned', 'onScene', 'resolved'];
  return (
    <section className="report-section">
      <h3>{title}</h3>
      <table className="report-table">
        <thead>
          <tr>
            <th scope="col">{t('report.group')}</th>
            <th scope="col">{t('report.count')}</th>
            {shown.map((name) => (
              <th scope="col" key={name}>
                {t(intervalKey(name))}: {t('report.median')} / {t('report.p90')}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {groups.map((g) => (
            <tr key={g.key}>
              <th scope="row">{groupLabel(t, cluster, g.key)}</th>
              <td>{g.requests}</td>
              {shown.map((name) => (
                <td key={name}>
                  {minutes(g.intervals[name].medianMs)} / {minutes(g.intervals[name].p90Ms)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export function OutcomeTable({ t, group }: { t: ReportsT; group: GroupReport }) {
  return (
    <section className="report-section">
      <h3>{t('report.outcomes')}</h3>
      <table className="report-table" data-testid="outcomes">
        <tbody>
          {OUTCOME_KEYS.map((k) => (
            <tr key={k}>
              <th scope="row">{outcomeLabel(t, k)}</th>
              <td>{group.outcomes[k]}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export function RowsApart({
  t,
  cluster,
  incomplete,
  excluded,
}: {
  t: ReportsT;
  cluster: Cluster;
  incomplete: ReportRow[];
  excluded: ReportRow[];
}) {
  const format = useFormat();
  const line = (r: ReportRow) =>
    `${t('report.requestNumber', { number: r.number })} · ${format.dateTime(r.steps.raised)} · ${groupLabel(t, cluster, r.commune)}`;
  return (
    <section className="report-section">
      <h3>{t('report.incomplete', { count: incomplete.length })}</h3>
      <p className="hint">{t('report.incompleteHint')}</p>
      <ul data-testid="incomplete">
        {incomplete.map((r) => (
          <li key={r.id}>
            {line(r)} — {t('report.missing', { steps: r.missing.map((m) => t(intervalKey(m))).join(', ') })}
          </li>
        ))}
      </ul>
      <h3>{t('report.excluded', { count: excluded.length })}</h3>
      <ul data-testid="excluded">
        {excluded.map((r) => (
          <li key={r.id}>{line(r)}</li>
        ))}
      </ul>
    </section>
  );
}
