// The bar on every logged-in screen: who is logged in, connection, outbox, language, logout. On a
// 360 px phone it stays one line: the title may wrap inside itself, the two buttons stay compact.
import type { ReactNode } from 'react';
import { useT } from '../i18n';
import { useClientSnapshot, useDispatch } from '../net/react';
import { reloadAfterSave, useReloadOnProtocolMismatch } from '../hooks/use-reload-on-protocol-mismatch';
import { ConnectionBanner } from './connection-banner';
import { LanguageSwitch } from './language-switch';
import { OutboxBadge } from './outbox-badge';

export function AppHeader({
  title,
  children,
  onLogout,
}: {
  title: string;
  children?: ReactNode;
  /** Replaces the plain logout, for a screen that must ask first (an officer on duty). */
  onLogout?: (logout: () => void) => void;
}) {
  const t = useT();
  const { client, session, logout } = useDispatch();
  const snapshot = useClientSnapshot();
  useReloadOnProtocolMismatch(client, snapshot.connection);
  return (
    <header className="app-header">
      <div className="app-header-row">
        <h1 className="app-title">{title}</h1>
        <span className="app-user">{session.principal.displayName}</span>
        {children}
        <div className="app-header-actions">
          <LanguageSwitch compact />
          <button
            type="button"
            className="btn btn-quiet btn-compact"
            onClick={() => (onLogout ? onLogout(logout) : logout())}
          >
            {t('app.logout')}
          </button>
        </div>
      </div>
      <ConnectionBanner status={snapshot.connection} onReload={() => reloadAfterSave(client)} />
      <OutboxBadge items={snapshot.outbox} />
    </header>
  );
}
