// Links from the live screens' header to history, the report and (dispatchers) replay.
import { Link } from 'react-router';
import { useReportsT } from './reports-shell';

export function ReportsLinks({ replay = false }: { replay?: boolean }) {
  const t = useReportsT();
  return (
    <nav className="reports-nav" aria-label={t('report.title')}>
      <Link className="btn btn-quiet btn-compact" to="/history">
        {t('reports.nav.history')}
      </Link>
      <Link className="btn btn-quiet btn-compact" to="/reports">
        {t('reports.nav.report')}
      </Link>
      {replay && (
        <Link className="btn btn-quiet btn-compact" to="/replay">
          {t('reports.nav.replay')}
        </Link>
      )}
    </nav>
  );
}
