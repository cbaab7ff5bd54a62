// /login: username and password, errors in plain words, the last username remembered.
import { useState, type FormEvent } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { ErrorCode } from '../../shared/protocol';
import { armAudio } from '../components/alert-sound';
import { LanguageSwitch } from '../components/language-switch';
import { errorKey, useT } from '../i18n';
import { homePath, lastUsername, loadSession, login, rememberUsername, saveSession } from '../net/session';

export function LoginScreen() {
  const t = useT();
  const navigate = useNavigate();
  const location = useLocation();
  const expired = (location.state as { expired?: boolean } | null)?.expired === true;
  const [username, setUsername] = useState(lastUsername);
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(expired ? t('conn.sessionExpired') : null);

  const existing = loadSession();
  if (existing && !busy) return <Navigate to={homePath(existing.principal)} replace />;

  // The server's own message is English for the log; the person at the post reads one of these.
  function loginRefusal(code: ErrorCode): string {
    switch (code) {
      case ErrorCode.Unauthenticated:
        return t('login.wrongPassword');
      case ErrorCode.RateLimited:
        return t('login.rateLimited');
      case ErrorCode.Forbidden:
        return t('login.disabled');
      default:
        return t('login.failed', { message: t(errorKey(code)) });
    }
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    // The login press is a gesture: it unlocks sound for the screen that follows (the console's alarm).
    void armAudio().catch(() => undefined);
    const name = username.trim();
    if (!name || !password) {
      setError(t('login.required'));
      return;
    }
    setBusy(true);
    setError(null);
    rememberUsername(name);
    try {
      const answer = await login(name, password);
      if (answer.ok) {
        saveSession({ token: answer.token, expiresAt: answer.expiresAt, principal: answer.principal });
        void navigate(homePath(answer.principal), { replace: true });
        return;
      }
      setError(loginRefusal(answer.code));
    } catch {
      setError(t('login.unreachable'));
    }
    setBusy(false);
  }

  return (
    <main className="screen screen-center login-screen">
      <form className="login-form card" onSubmit={(e) => void submit(e)} noValidate>
        <h1>{t('app.title')}</h1>
        <h2>{t('login.title')}</h2>
        <label className="field">
          <span>{t('login.username')}</span>
          <input
            name="username"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            autoFocus={!username}
          />
        </label>
        <label className="field">
          <span>{t('login.password')}</span>
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            autoFocus={Boolean(username)}
          />
        </label>
        {error && (
          <p className="error-text" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="btn btn-primary btn-big" disabled={busy}>
          {busy ? t('login.submitting') : t('login.submit')}
        </button>
        <div className="login-lang">
          <LanguageSwitch />
        </div>
      </form>
    </main>
  );
}
