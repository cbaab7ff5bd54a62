// Links from the live screens' header to history, the report and (dispatchers) replay and the accounts page
// (the server decides who is an admin; the page says so to anyone else). Plain links (a
// page load): they work wherever the header is rendered, and the live screen reconnects on the way back.
import { useReportsT } from './reports-shell';

export function ReportsLinks({ dispatcher = false }: { dispatcher?: boolean }) {
  // Dispatchers get replay and accounts; posts get history and the report.
  const t = useReportsT();
  return (
    <nav className="reports-nav" aria-label={t('report.title')}>
      <a className="btn btn-quiet btn-compact" href="/history">
        {t('reports.nav.history')}
      </a>
      <a className="btn btn-quiet btn-compact" href="/reports">
        {t('reports.nav.report')}
      </a>
      {dispatcher && (
        <a className="btn btn-quiet btn-compact" href="/replay">
          {t('reports.nav.replay')}
        </a>
      )}
      {dispatcher && (
        <a className="btn btn-quiet btn-compact" href="/accounts">
          {t('reports.nav.accounts')}
        </a>
      )}
    </nav>
  );
}
