// The frame of the history, report and replay screens: a session of an allowed role, the cluster data,
// and a header with the way back and between them. They talk HTTP only (no socket): they read the
// history read model, not the live state.
import { createContext, useCallback, useContext, useEffect, useState, type ComponentType, type ReactNode } from 'react';
import { Link, Navigate, useNavigate } from 'react-router';
import type { ClusterInfo } from '../../shared/api';
import type { Role } from '../../shared/domain';
import { LanguageSwitch } from '../components/language-switch';
import { failureText, refusalText, useT, type AreaKey, type CommonKey, type Translate } from '../i18n';
import { messages } from '../i18n/messages/reports';
import { fetchClusterInfo } from '../net/cluster-info';
import { clearSession, homePath, loadSession, type Session } from '../net/session';
import { ApiError } from './reports-api';
import './reports.css';

export type ReportsT = Translate<CommonKey | AreaKey<typeof messages>>;
export const useReportsT = (): ReportsT => useT(messages);

interface ReportsContextValue {
  session: Session;
  clusterInfo: ClusterInfo;
  /** Call with an error from the API: an expired login goes back to /login. */
  onError: (error: unknown) => string;
}
const ReportsContext = createContext<ReportsContextValue | null>(null);

export function useReports(): ReportsContextValue {
  const value = useContext(ReportsContext);
  if (!value) throw new Error('useReports outside ReportsRoute');
  return value;
}

export function ReportsRoute({ roles, screen: Screen }: { roles: readonly Role[]; screen: ComponentType }) {
  const [session] = useState(() => loadSession());
  const t = useReportsT();
  const navigate = useNavigate();
  const [clusterInfo, setClusterInfo] = useState<ClusterInfo | null>(null);
  const [failure, setFailure] = useState<{ error: unknown } | null>(null);
  const load = useCallback(() => {
    setFailure(null);
    fetchClusterInfo().then(setClusterInfo, (error: unknown) => setFailure({ error }));
  }, []);
  useEffect(load, [load]);
  const onError = useCallback(
    (error: unknown) => {
      if (error instanceof ApiError && error.status === 401) {
        clearSession();
        void navigate('/login', { replace: true, state: { expired: true } });
      }
      if (error instanceof ApiError) return refusalText(t, error.code, error.message);
      return failureText(t, error);
    },
    [navigate, t],
  );
  if (!session) return <Navigate to="/login" replace />;
  if (!roles.includes(session.principal.role)) return <Navigate to={homePath(session.principal)} replace />;
  if (failure) {
    return (
      <main className="screen screen-center">
        <p role="alert" className="error-text">
          {t('reports.failed', { message: failureText(t, failure.error) })}
        </p>
        <button type="button" className="btn" onClick={load}>
          {t('reports.retry')}
        </button>
      </main>
    );
  }
  if (!clusterInfo) return <main className="screen screen-center">{t('reports.loading')}</main>;
  return (
    <ReportsContext.Provider value={{ session, clusterInfo, onError }}>
      <Screen />
    </ReportsContext.Provider>
  );
}

/** Title, the links between the screens, language. Hidden when printing. */
export function ReportsHeader({ title, children }: { title: string; children?: ReactNode }) {
  const t = useReportsT();
  const { session } = useReports();
  const dispatcher = session.principal.role === 'dispatcher';
  return (
    <header className="app-header no-print">
      <div className="app-header-row">
        <h1 className="app-title">{title}</h1>
        <nav className="reports-nav" aria-label={t('report.title')}>
          <Link className="btn btn-quiet btn-compact" to={homePath(session.principal)}>
            {dispatcher ? t('reports.nav.console') : t('reports.nav.post')}
          </Link>
          <Link className="btn btn-quiet btn-compact" to="/history">
            {t('reports.nav.history')}
          </Link>
          <Link className="btn btn-quiet btn-compact" to="/reports">
            {t('reports.nav.report')}
          </Link>
          {dispatcher && (
            <Link className="btn btn-quiet btn-compact" to="/replay">
              {t('reports.nav.replay')}
            </Link>
          )}
        </nav>
        {children}
        <div className="app-header-actions">
          <LanguageSwitch compact />
        </div>
      </div>
    </header>
  );
}
