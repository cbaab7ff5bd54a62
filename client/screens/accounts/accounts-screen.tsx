// /accounts: an admin dispatcher's account list with add, disable/enable and reset (the new password
// shown once), and the change log. Needs no socket: plain HTTP calls with the session's token; the
// server refuses anyone who is not an admin, and the page says so.
import '../../styles/accounts.css';
import { useCallback, useEffect, useState } from 'react';
import { Link, Navigate } from 'react-router';
import type { AccountView, AuditView, NewAccountRequest } from '../../../shared/accounts-api';
import type { Cluster } from '../../../shared/cluster';
import { ErrorCode } from '../../../shared/protocol';
import { LanguageSwitch } from '../../components/language-switch';
import { failureText, refusalText, useFormat, useT } from '../../i18n';
import { messages } from '../../i18n/messages/accounts';
import { fetchClusterInfo } from '../../net/cluster-info';
import { homePath, loadSession } from '../../net/session';
import { accountsApi } from './accounts-api';
import { AddAccountForm, roleKey } from './add-account-form';

type Loaded =
  | { phase: 'loading' }
  | { phase: 'refused'; message: string }
  | { phase: 'failed'; message: string }
  | { phase: 'ready'; accounts: AccountView[]; audit: AuditView[]; self: string; cluster: Cluster };

export function AccountsScreen() {
  const [session] = useState(() => loadSession());
  if (!session) return <Navigate to="/login" replace />;
  if (session.principal.role !== 'dispatcher') return <Navigate to={homePath(session.principal)} replace />;
  return <Accounts token={session.token} />;
}

function Accounts({ token }: { token: string }) {
  const t = useT(messages);
  const format = useFormat();
  const [loaded, setLoaded] = useState<Loaded>({ phase: 'loading' });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [revealed, setRevealed] = useState<{ username: string; password: string } | null>(null);

  const reload = useCallback(async () => {
    const [list, info] = await Promise.all([accountsApi.list(token), fetchClusterInfo()]);
    if (!list.ok) {
      const notAdmin = list.code === ErrorCode.Forbidden || list.code === ErrorCode.Unauthenticated;
      setLoaded({ phase: notAdmin ? 'refused' : 'failed', message: refusalText(t, list.code, list.message) });
    } else
      setLoaded({ phase: 'ready', accounts: list.accounts, audit: list.audit, self: list.self, cluster: info.cluster });
  }, [token, t]);

  useEffect(() => {
    reload().catch((err: unknown) => setLoaded({ phase: 'failed', message: failureText(t, err) }));
  }, [reload, t]);

  /** Runs one change; a refusal is shown, a new password is revealed, the list is read again. */
  async function change(
    run: () => Promise<
      { ok: true; password?: string; account: AccountView } | { ok: false; code: string; message: string }
    >,
  ) {
    setBusy(true);
    setError(null);
    try {
      const result = await run();
      if (!result.ok) {
        setError(refusalText(t, result.code, result.message));
        return false;
      }
      if (result.password !== undefined) setRevealed({ username: result.account.username, password: result.password });
      await reload();
      return true;
    } catch (err) {
      setError(failureText(t, err));
      return false;
    } finally {
      setBusy(false);
    }
  }

  const add = (account: NewAccountRequest) => change(() => accountsApi.add(token, account));
  const setDisabled = (a: AccountView, disabled: boolean) => {
    if (disabled && !window.confirm(t('accounts.confirmDisable', { username: a.username }))) return;
    void change(() => accountsApi.setDisabled(token, a.username, disabled));
  };
  const reset = (a: AccountView) => {
    if (!window.confirm(t('accounts.confirmReset', { username: a.username }))) return;
    void change(() => accountsApi.resetPassword(token, a.username));
  };

  return (
    <div className="screen accounts-screen">
      <header className="app-header">
        <div className="app-header-row">
          <h1 className="app-title">{t('accounts.title')}</h1>
          <Link to="/console" className="btn btn-quiet btn-compact">
            {t('accounts.back')}
          </Link>
          <div className="app-header-actions">
            <LanguageSwitch compact />
          </div>
        </div>
      </header>
      <main className="screen-body">
        {loaded.phase === 'loading' && <p>{t('accounts.loading')}</p>}
        {loaded.phase === 'refused' && (
          <p className="error-text" role="alert">
            {t('accounts.notAdmin')} ({loaded.message})
          </p>
        )}
        {loaded.phase === 'failed' && (
          <p className="error-text" role="alert">
            {t('accounts.error', { message: loaded.message })}
          </p>
        )}
        {error && (
          <p className="error-text" role="alert">
            {t('accounts.error', { message: error })}
          </p>
        )}
        {revealed && (
          <section className="card password-reveal" role="status" aria-labelledby="password-title">
            <h2 id="password-title">{t('accounts.passwordFor', { username: revealed.username })}</h2>
            <p className="password-value" data-testid="new-password">
              {revealed.password}
            </p>
            <p className="hint">{t('accounts.passwordOnce')}</p>
            <button type="button" className="btn" onClick={() => setRevealed(null)}>
              {t('accounts.passwordDone')}
            </button>
          </section>
        )}
        {loaded.phase === 'ready' && (
          <>
            <AddAccountForm cluster={loaded.cluster} busy={busy} onAdd={add} />
            <section className="card" aria-labelledby="accounts-list-title">
              <h2 id="accounts-list-title">{t('accounts.list', { count: loaded.accounts.length })}</h2>
              <ul className="account-list">
                {loaded.accounts.map((a) => (
                  <li key={a.username} className="account-row" data-account={a.username} data-disabled={a.disabled}>
                    <div className="account-who">
                      <strong>{a.username}</strong> {a.username === loaded.self && t('accounts.you')}
                      <span>{a.displayName}</span>
                      <span className="hint">
                        {t(roleKey(a.role))}
                        {a.commune || a.officerId ? ` · ${a.commune ?? a.officerId ?? ''}` : ''}
                        {a.admin ? ` · ${t('accounts.adminBadge')}` : ''}
                      </span>
                    </div>
                    <span className={a.disabled ? 'account-status off' : 'account-status on'}>
                      {t(a.disabled ? 'accounts.disabled' : 'accounts.enabled')}
                    </span>
                    <div className="account-actions">
                      {a.username !== loaded.self && (
                        <button
                          type="button"
                          className="btn"
                          disabled={busy}
                          onClick={() => setDisabled(a, !a.disabled)}
                        >
                          {t(a.disabled ? 'accounts.enable' : 'accounts.disable')}
                        </button>
                      )}
                      <button type="button" className="btn" disabled={busy} onClick={() => reset(a)}>
                        {t('accounts.reset')}
                      </button>
                    </div>
                  </li>
                ))}
              </ul>
            </section>
            <section className="card" aria-labelledby="audit-title">
              <h2 id="audit-title">{t('accounts.audit')}</h2>
              {loaded.audit.length === 0 ? (
                <p className="hint">{t('accounts.auditEmpty')}</p>
              ) : (
                <ul className="audit-list">
                  {loaded.audit.map((e, i) => (
                    <li key={`${e.at}-${i}`}>
                      {format.time(e.at, { seconds: true })} · {e.actor} · {t(`accounts.action.${e.action}`)}{' '}
                      <strong>{e.username}</strong>
                      {e.detail ? ` (${e.detail})` : ''}
                    </li>
                  ))}
                </ul>
              )}
            </section>
          </>
        )}
      </main>
    </div>
  );
}
