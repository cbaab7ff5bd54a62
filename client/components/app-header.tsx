// The bar on every logged-in screen: who is logged in, connection, outbox, language, logout.
import type { ReactNode } from 'react';
import { useT } from '../i18n';
import { useClientSnapshot, useDispatch } from '../net/react';
import { ConnectionBanner } from './connection-banner';
import { LanguageSwitch } from './language-switch';
import { OutboxBadge } from './outbox-badge';

export function AppHeader({ title, children }: { title: string; children?: ReactNode }) {
  const t = useT();
  const { session, logout } = useDispatch();
  const snapshot = useClientSnapshot();
  return (
    <header className="app-header">
      <div className="app-header-row">
        <h1 className="app-title">{title}</h1>
        <span className="app-user">{session.principal.displayName}</span>
        {children}
        <LanguageSwitch />
        <button type="button" className="btn btn-quiet" onClick={logout}>
          {t('app.logout')}
        </button>
      </div>
      <ConnectionBanner status={snapshot.connection} />
      <OutboxBadge items={snapshot.outbox} />
    </header>
  );
}
