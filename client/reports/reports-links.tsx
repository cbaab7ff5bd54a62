// Links from the live screens' header to history, the report and (dispatchers) replay. Plain links (a
// page load): they work wherever the header is rendered, and the live screen reconnects on the way back.
import { useReportsT } from './reports-shell';

export function ReportsLinks({ replay = false }: { replay?: boolean }) {
  const t = useReportsT();
  return (
    <nav className="reports-nav" aria-label={t('report.title')}>
      <a className="btn btn-quiet btn-compact" href="/history">
        {t('reports.nav.history')}
      </a>
      <a className="btn btn-quiet btn-compact" href="/reports">
        {t('reports.nav.report')}
      </a>
      {replay && (
        <a className="btn btn-quiet btn-compact" href="/replay">
          {t('reports.nav.replay')}
        </a>
      )}
    </nav>
  );
}
