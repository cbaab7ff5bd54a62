// /history: search past requests (commune, kind, priority, period, officer, outcome, text in notes),
// page through them, and open one: its full timeline, receipts, responders and notes. A post sees its
// own commune's only (the server enforces it; the commune filter is simply not offered).
import { ChoiceFilter } from './choice-filter';
import { ReportsError } from './reports-error';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { PRIORITIES, REQUEST_KINDS } from '../../shared/domain';
import type { HistoryPage, HistoryRecord } from '../../shared/history';
import { OUTCOME_KEYS } from '../../shared/response-times';
import { assignmentStatusKey, kindKey, outcomeKey, priorityKey, requestStatusKey, useFormat } from '../i18n';
import { ReceiptList } from '../components/receipt-list';
import { callsignOf, useConsoleT } from '../console/console-text';
import { RequestTimeline } from '../console/request-timeline';
import { getJson, withQuery } from './reports-api';
import { dayPeriod } from './period';
import { groupLabel, outcomeLabel } from './report-tables';
import { ReportsHeader, useReports, useReportsT } from './reports-shell';

const PAGE = 25;

interface Filters {
  commune: string;
  kind: string;
  priority: string;
  officer: string;
  outcome: string;
  fromDay: string;
  toDay: string;
  q: string;
}
const NO_FILTERS: Filters = {
  commune: '',
  kind: '',
  priority: '',
  officer: '',
  outcome: '',
  fromDay: '',
  toDay: '',
  q: '',
};

export function HistoryScreen() {
  const t = useReportsT();
  const format = useFormat();
  const { session, clusterInfo, onError } = useReports();
  const { cluster } = clusterInfo;
  const isPost = session.principal.role === 'post';
  const [draft, setDraft] = useState<Filters>(NO_FILTERS);
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<HistoryPage | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [openId, setOpenId] = useState<string | null>(() => new URLSearchParams(location.search).get('request'));

  useEffect(() => {
    let live = true;
    const query = {
      commune: filters.commune,
      kind: filters.kind,
      priority: filters.priority,
      officer: filters.officer,
      outcome: filters.outcome,
      from: dayPeriod(filters.fromDay)?.from,
      to: dayPeriod(filters.toDay)?.to,
      q: filters.q,
      offset,
      limit: PAGE,
    };
    getJson<HistoryPage>(withQuery('/api/history', query), session.token).then(
      (p) => live && setPage(p),
      (e: unknown) => live && setError(onError(e)),
    );
    return () => {
      live = false;
    };
  }, [filters, offset, session.token, onError]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setOffset(0);
    setFilters(draft);
  };
  const field = (key: keyof Filters) => ({
    value: draft[key],
    onChange: (e: { target: { value: string } }) => setDraft({ ...draft, [key]: e.target.value }),
  });
  const pages = page ? Math.max(1, Math.ceil(page.total / PAGE)) : 1;

  return (
    <div className="reports-screen">
      <ReportsHeader title={t('history.title')} />
      <main className="reports-main history-layout">
        <section>
          <form className="reports-controls" onSubmit={submit} role="search">
            {!isPost && (
              <ChoiceFilter
                label={t('report.commune')}
                allLabel={t('report.all')}
                choices={cluster.communes.map((c) => ({ value: c.id, label: c.name }))}
                value={draft.commune}
                onChange={(value) => setDraft({ ...draft, commune: value })}
              />
            )}
            <ChoiceFilter
              label={t('report.kind')}
              allLabel={t('report.all')}
              choices={REQUEST_KINDS.map((k) => ({ value: k, label: t(kindKey(k)) }))}
              value={draft.kind}
              onChange={(value) => setDraft({ ...draft, kind: value })}
            />
            <ChoiceFilter
              label={t('report.priority')}
              allLabel={t('report.all')}
              choices={PRIORITIES.map((p) => ({ value: p, label: t(priorityKey(p)) }))}
              value={draft.priority}
              onChange={(value) => setDraft({ ...draft, priority: value })}
            />
            <ChoiceFilter
              label={t('history.officer')}
              allLabel={t('report.all')}
              choices={cluster.officers.map((o) => ({ value: o.id, label: o.callsign }))}
              value={draft.officer}
              onChange={(value) => setDraft({ ...draft, officer: value })}
            />
            <label>
              {t('history.outcome')}
              <select {...field('outcome')}>
                <option value="">{t('report.all')}</option>
                {OUTCOME_KEYS.map((k) => (
                  <option key={k} value={k}>
                    {outcomeLabel(t, k)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('history.from')}
              <input type="date" {...field('fromDay')} />
            </label>
            <label>
              {t('history.to')}
              <input type="date" {...field('toDay')} />
            </label>
            <label>
              {t('history.text')}
              <input type="search" maxLength={200} {...field('q')} />
            </label>
            <button type="submit" className="btn btn-primary">
              {t('history.search')}
            </button>
          </form>
          <ReportsError message={error} />
          {!page ? (
            <p>{t('reports.loading')}</p>
          ) : page.items.length === 0 ? (
            <p>{t('history.none')}</p>
          ) : (
            <>
              <p>{t('history.total', { total: page.total })}</p>
              <table className="report-table history-results" data-testid="history-results">
                <thead>
                  <tr>
                    <th scope="col">№</th>
                    <th scope="col">{t('history.raisedAt')}</th>
                    <th scope="col">{t('report.commune')}</th>
                    <th scope="col">{t('report.kind')}</th>
                    <th scope="col">{t('report.priority')}</th>
                    <th scope="col">{t('history.outcome')}</th>
                    <th scope="col">
                      <span className="sr-only">{t('history.open')}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {page.items.map((s) => (
                    <tr key={s.id} aria-selected={s.id === openId}>
                      <td>{s.number}</td>
                      <td>{format.dateTime(s.steps.raised)}</td>
                      <td>{groupLabel(t, cluster, s.commune)}</td>
                      <td>{t(kindKey(s.kind))}</td>
                      <td>{t(priorityKey(s.priority))}</td>
                      <td>
                        {outcomeLabel(
                          t,
                          s.status === 'resolved'
                            ? (s.outcome ?? 'other')
                            : s.status === 'cancelled'
                              ? 'cancelled'
                              : 'open',
                        )}
                      </td>
                      <td>
                        <button type="button" className="btn btn-compact" onClick={() => setOpenId(s.id)}>
                          {t('history.open')} {s.number}
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <div className="history-paging">
                <button
                  type="button"
                  className="btn"
                  disabled={offset === 0}
                  onClick={() => setOffset(Math.max(0, offset - PAGE))}
                >
                  {t('history.prev')}
                </button>
                <span>{t('history.page', { page: Math.floor(offset / PAGE) + 1, pages })}</span>
                <button
                  type="button"
                  className="btn"
                  disabled={offset + PAGE >= page.total}
                  onClick={() => setOffset(offset + PAGE)}
                >
                  {t('history.next')}
                </button>
              </div>
            </>
          )}
        </section>
        {openId && <HistoryDetail requestId={openId} onClose={() => setOpenId(null)} />}
      </main>
    </div>
  );
}

function HistoryDetail({ requestId, onClose }: { requestId: string; onClose: () => void }) {
  const t = useReportsT();
  const consoleT = useConsoleT();
  const format = useFormat();
  const { session, clusterInfo, onError } = useReports();
  const { cluster } = clusterInfo;
  const [record, setRecord] = useState<HistoryRecord | null>(null);
  const [error, setError] = useState<string | null>(null);
  const callsign = useCallback((id: string) => callsignOf(cluster, id), [cluster]);

  useEffect(() => {
    let live = true;
    setRecord(null);
    setError(null);
    getJson<{ record: HistoryRecord }>(`/api/history/${encodeURIComponent(requestId)}`, session.token).then(
      (body) => live && setRecord(body.record),
      (e: unknown) => live && setError(onError(e)),
    );
    return () => {
      live = false;
    };
  }, [requestId, session.token, onError]);

  return (
    <aside className="history-detail" aria-label={t('history.open')} data-testid="history-detail">
      <button type="button" className="btn btn-quiet btn-compact history-close" onClick={onClose}>
        {t('history.close')}
      </button>
      <ReportsError message={error} />
      {!record ? (
        !error && <p>{t('reports.loading')}</p>
      ) : (
        <>
          <h2>
            {t('history.detail', {
              number: record.request.number,
              commune: groupLabel(t, cluster, record.request.commune),
            })}
          </h2>
          <p>
            {t(kindKey(record.request.kind))} · {t(priorityKey(record.request.priority))} ·{' '}
            {t(requestStatusKey(record.request.status))}
            {record.request.outcome && ` · ${t(outcomeKey(record.request.outcome))}`} ·{' '}
            {record.archivedSeq === null ? t('history.live') : t('history.archived')}
          </p>
          {record.request.note && <p className="history-note">{record.request.note}</p>}
          <ReceiptList request={record.request} assignments={record.assignments} callsign={callsign} />
          <h3>{t('history.assignments')}</h3>
          <ul>
            {record.assignments.map((a) => (
              <li key={a.id}>
                {callsign(a.officerId)} · {t(assignmentStatusKey(a.status))} ·{' '}
                {format.time(a.assignedAt, { seconds: true })}
              </li>
            ))}
          </ul>
          {record.request.notes.length > 0 && (
            <>
              <h3>{t('history.notes')}</h3>
              <ul>
                {record.request.notes.map((n) => (
                  <li key={n.id}>
                    {format.time(n.at)} {n.text}
                  </li>
                ))}
              </ul>
            </>
          )}
          <RequestTimeline t={consoleT} cluster={cluster} request={record.request} />
          {session.principal.role === 'dispatcher' && (
            <Link className="btn" to={`/replay?request=${encodeURIComponent(record.request.id)}`}>
              {t('history.replay')}
            </Link>
          )}
        </>
      )}
    </aside>
  );
}
