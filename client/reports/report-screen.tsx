// /reports: the response-time report for a day or a month, per commune, kind and priority. The same
// page prints as a one-page Vietnamese summary (print CSS hides the controls) and exports CSV.
import { ChoiceFilter } from './choice-filter';
import { ReportsError } from './reports-error';
import { useEffect, useMemo, useState } from 'react';
import { PRIORITIES, REQUEST_KINDS } from '../../shared/domain';
import { INTERVALS, type IntervalName, type ResponseReport } from '../../shared/response-times';
import { kindKey, priorityKey, useFormat } from '../i18n';
import { download, getJson, withQuery } from './reports-api';
import { dayPeriod, monthPeriod, vietnamDay } from './period';
import { HistogramChart } from './histogram-chart';
import { GroupTable, IntervalTable, intervalKey, OutcomeTable, RowsApart } from './report-tables';
import { ReportsHeader, useReports, useReportsT } from './reports-shell';

type Mode = 'day' | 'month';

export function ReportScreen() {
  const t = useReportsT();
  const format = useFormat();
  const { session, clusterInfo, onError } = useReports();
  const { cluster } = clusterInfo;
  const isPost = session.principal.role === 'post';
  const today = vietnamDay(Date.now());
  const [mode, setMode] = useState<Mode>('day');
  const [day, setDay] = useState(today);
  const [month, setMonth] = useState(today.slice(0, 7));
  const [commune, setCommune] = useState(isPost ? (session.principal.commune ?? '') : '');
  const [kind, setKind] = useState('');
  const [priority, setPriority] = useState('');
  const [chartStep, setChartStep] = useState<IntervalName>('onScene');
  const [report, setReport] = useState<ResponseReport | null>(null);
  const [error, setError] = useState<string | null>(null);

  const period = mode === 'day' ? dayPeriod(day) : monthPeriod(month);
  const from = period?.from;
  const to = period?.to;
  const query = useMemo(
    () => (from !== undefined && to !== undefined ? { from, to, commune, kind, priority } : null),
    [from, to, commune, kind, priority],
  );

  useEffect(() => {
    if (!query) return;
    let live = true;
    setError(null);
    getJson<{ report: ResponseReport }>(withQuery('/api/reports/response-times', query), session.token).then(
      (body) => live && setReport(body.report),
      (e: unknown) => live && setError(onError(e)),
    );
    return () => {
      live = false;
    };
  }, [query, session.token, onError]);

  const periodText = report ? `${format.dateTime(report.from)} – ${format.dateTime(report.to - 60_000)}` : '';
  return (
    <div className="reports-screen">
      <ReportsHeader title={t('report.title')} />
      <main className="reports-main">
        <form className="reports-controls no-print" onSubmit={(e) => e.preventDefault()}>
          <fieldset className="reports-mode">
            <legend className="sr-only">{t('report.title')}</legend>
            {(['day', 'month'] as const).map((m) => (
              <label key={m} className="reports-radio">
                <input type="radio" name="mode" checked={mode === m} onChange={() => setMode(m)} />
                {m === 'day' ? t('report.periodDay') : t('report.periodMonth')}
              </label>
            ))}
          </fieldset>
          {mode === 'day' ? (
            <label>
              {t('report.day')}
              <input type="date" value={day} onChange={(e) => setDay(e.target.value)} />
            </label>
          ) : (
            <label>
              {t('report.month')}
              <input type="month" value={month} onChange={(e) => setMonth(e.target.value)} />
            </label>
          )}
          {!isPost && (
            <ChoiceFilter
              label={t('report.commune')}
              allLabel={t('report.all')}
              choices={cluster.communes.map((c) => ({ value: c.id, label: c.name }))}
              value={commune}
              onChange={setCommune}
            />
          )}
          <ChoiceFilter
            label={t('report.kind')}
            allLabel={t('report.all')}
            choices={REQUEST_KINDS.map((k) => ({ value: k, label: t(kindKey(k)) }))}
            value={kind}
            onChange={setKind}
          />
          <ChoiceFilter
            label={t('report.priority')}
            allLabel={t('report.all')}
            choices={PRIORITIES.map((p) => ({ value: p, label: t(priorityKey(p)) }))}
            value={priority}
            onChange={setPriority}
          />
          <button
            type="button"
            className="btn"
            disabled={!query}
            onClick={() => {
              if (!query) return;
              download(withQuery('/api/reports/response-times.csv', query), session.token, 'bao-cao.csv').catch(
                (e: unknown) => setError(onError(e)),
              );
            }}
          >
            {t('report.csv')}
          </button>
          <button type="button" className="btn btn-primary" onClick={() => window.print()}>
            {t('report.print')}
          </button>
        </form>
        <ReportsError message={error} />
        {!report ? (
          <p>{t('reports.loading')}</p>
        ) : (
          <article className="report-page" data-testid="report">
            <h2 className="print-only">
              {t('report.title')} · {cluster.name}
            </h2>
            <p className="report-summary" data-testid="report-summary">
              {t('report.summaryLine', {
                count: report.overall.requests,
                from: periodText.split(' – ')[0] ?? '',
                to: periodText.split(' – ')[1] ?? '',
              })}
              {commune && ` · ${cluster.communes.find((c) => c.id === commune)?.name ?? commune}`}
            </p>
            {report.overall.requests === 0 ? (
              <p>{t('report.none')}</p>
            ) : (
              <>
                <IntervalTable t={t} group={report.overall} />
                <div className="report-columns">
                  <section className="report-section report-chart">
                    <h3>{t('report.histogram', { step: t(intervalKey(chartStep)) })}</h3>
                    <label className="no-print">
                      {t('report.histogramStep')}{' '}
                      <select value={chartStep} onChange={(e) => setChartStep(e.target.value as IntervalName)}>
                        {INTERVALS.map((name) => (
                          <option key={name} value={name}>
                            {t(intervalKey(name))}
                          </option>
                        ))}
                      </select>
                    </label>
                    <HistogramChart
                      counts={report.overall.intervals[chartStep].histogram}
                      label={t('report.histogram', { step: t(intervalKey(chartStep)) })}
                      xLabel={t('report.histogramAxis')}
                      yLabel={t('report.histogramCount')}
                    />
                  </section>
                  <OutcomeTable t={t} group={report.overall} />
                </div>
                <div className="report-columns report-groups">
                  {!isPost && (
                    <GroupTable t={t} cluster={cluster} title={t('report.byCommune')} groups={report.byCommune} />
                  )}
                  <GroupTable t={t} cluster={cluster} title={t('report.byKind')} groups={report.byKind} />
                  <GroupTable t={t} cluster={cluster} title={t('report.byPriority')} groups={report.byPriority} />
                </div>
                <RowsApart t={t} cluster={cluster} incomplete={report.incomplete} excluded={report.excluded} />
              </>
            )}
            <p className="hint">{t('report.rule')}</p>
            <p className="hint print-only">{t('report.printedAt', { time: format.dateTime(Date.now()) })}</p>
          </article>
        )}
      </main>
    </div>
  );
}
