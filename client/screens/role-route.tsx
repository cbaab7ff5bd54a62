// Guards a role's screen: a session of that role, the cluster data, a live DispatchClient. A refused
// handshake (expired token) sends the user back to /login with the reason.
import { useCallback, useEffect, useMemo, useState, type ComponentType } from 'react';
import { Navigate, useNavigate } from 'react-router';
import type { Role } from '../../shared/domain';
import { ErrorCode } from '../../shared/protocol';
import { useT } from '../i18n';
import { failureText } from '../i18n/labels';
import { DispatchProvider, type DispatchContextValue } from '../net/react';
import { clearSession, homePath, loadSession, sessionExpired } from '../net/session';
import { useSessionClient } from '../net/use-session-client';
import type { Session } from '../net/session';

export function RoleRoute({ role, screen }: { role: Role; screen: ComponentType }) {
  const [session] = useState(() => loadSession());
  if (!session) return <Navigate to="/login" replace state={{ expired: sessionExpired() }} />;
  if (session.principal.role !== role) return <Navigate to={homePath(session.principal)} replace />;
  return <ConnectedScreen session={session} screen={screen} />;
}

function ConnectedScreen({ session, screen: Screen }: { session: Session; screen: ComponentType }) {
  const t = useT();
  const navigate = useNavigate();
  const loaded = useSessionClient(session);
  const client = loaded.phase === 'ready' ? loaded.client : null;

  const logout = useCallback(() => {
    client?.stop();
    clearSession();
    void navigate('/login', { replace: true });
  }, [client, navigate]);

  useEffect(() => {
    if (!client) return;
    return client.subscribe(() => {
      const c = client.getSnapshot().connection;
      if (c.kind === 'refused' && (c.code === ErrorCode.Unauthenticated || c.code === ErrorCode.Forbidden)) {
        client.stop();
        clearSession();
        void navigate('/login', { replace: true, state: { expired: true } });
      }
    });
  }, [client, navigate]);

  const value = useMemo<DispatchContextValue | null>(
    () =>
      loaded.phase === 'ready' ? { client: loaded.client, session, clusterInfo: loaded.clusterInfo, logout } : null,
    [loaded, session, logout],
  );

  if (loaded.phase === 'error') {
    return (
      <main className="screen screen-center">
        <p role="alert" className="error-text">
          {t('login.unreachable')} ({failureText(t, loaded.error)})
        </p>
        <button type="button" className="btn" onClick={loaded.retry}>
          {t('common.retry')}
        </button>
      </main>
    );
  }
  if (!value) return <main className="screen screen-center">{t('app.loading')}</main>;
  return (
    <DispatchProvider value={value}>
      <Screen />
    </DispatchProvider>
  );
}
