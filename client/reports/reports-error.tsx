// A failed load on the history, report and replay screens, said the same way on each.
import { useReportsT } from './reports-shell';

export function ReportsError({ message }: { message: string | null }) {
  const t = useReportsT();
  if (!message) return null;
  return (
    <p role="alert" className="error-text">
      {t('reports.failed', { message })}
    </p>
  );
}
