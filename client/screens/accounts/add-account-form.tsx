// Adding an account: role first, then only the field that role needs (the post's commune or the
// officer's id, picked from the cluster file so it cannot be mistyped). The server checks the same
// rules again (client/… is a convenience, server/auth/roster.ts decides).
import { useState, type FormEvent } from 'react';
import type { NewAccountRequest } from '../../../shared/accounts-api';
import type { Cluster } from '../../../shared/cluster';
import type { Role } from '../../../shared/domain';
import { useT } from '../../i18n';
import { messages } from '../../i18n/messages/accounts';

const ROLE_KEYS = {
  dispatcher: 'accounts.roleDispatcher',
  post: 'accounts.rolePost',
  officer: 'accounts.roleOfficer',
} as const satisfies Record<Role, string>;

export function AddAccountForm({
  cluster,
  busy,
  onAdd,
}: {
  cluster: Cluster;
  busy: boolean;
  onAdd: (account: NewAccountRequest) => Promise<boolean>;
}) {
  const t = useT(messages);
  const [username, setUsername] = useState('');
  const [role, setRole] = useState<Role>('officer');
  const [commune, setCommune] = useState(cluster.communes[0]?.id ?? '');
  const [officerId, setOfficerId] = useState(cluster.officers[0]?.id ?? '');
  const [displayName, setDisplayName] = useState('');
  const [admin, setAdmin] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const added = await onAdd({
      username: username.trim(),
      role,
      ...(displayName.trim() ? { displayName: displayName.trim() } : {}),
      ...(role === 'post' ? { commune } : {}),
      ...(role === 'officer' ? { officerId } : {}),
      ...(role === 'dispatcher' && admin ? { admin: true } : {}),
    });
    if (added) {
      setUsername('');
      setDisplayName('');
      setAdmin(false);
    }
  }

  return (
    <form className="card add-account" onSubmit={(e) => void submit(e)} aria-labelledby="add-account-title">
      <h2 id="add-account-title">{t('accounts.add')}</h2>
      <label className="field">
        <span>{t('accounts.username')}</span>
        <input
          value={username}
          onChange={(e) => setUsername(e.target.value)}
          required
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
        />
      </label>
      <label className="field">
        <span>{t('accounts.role')}</span>
        <select value={role} onChange={(e) => setRole(e.target.value as Role)}>
          {(Object.keys(ROLE_KEYS) as Role[]).map((r) => (
            <option key={r} value={r}>
              {t(ROLE_KEYS[r])}
            </option>
          ))}
        </select>
      </label>
      {role === 'post' && (
        <label className="field">
          <span>{t('accounts.commune')}</span>
          <select value={commune} onChange={(e) => setCommune(e.target.value)}>
            {cluster.communes.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
      )}
      {role === 'officer' && (
        <label className="field">
          <span>{t('accounts.officer')}</span>
          <select value={officerId} onChange={(e) => setOfficerId(e.target.value)}>
            {cluster.officers.map((o) => (
              <option key={o.id} value={o.id}>
                {o.callsign}
                {o.name ? ` – ${o.name}` : ''}
              </option>
            ))}
          </select>
        </label>
      )}
      {role === 'dispatcher' && (
        <label className="checkbox-field">
          <input type="checkbox" checked={admin} onChange={(e) => setAdmin(e.target.checked)} />
          <span>{t('accounts.makeAdmin')}</span>
        </label>
      )}
      <label className="field">
        <span>{t('accounts.displayOptional')}</span>
        <input value={displayName} onChange={(e) => setDisplayName(e.target.value)} maxLength={120} />
      </label>
      <button type="submit" className="btn btn-primary btn-big" disabled={busy || username.trim() === ''}>
        {t('accounts.create')}
      </button>
    </form>
  );
}

export function roleKey(role: Role): (typeof ROLE_KEYS)[Role] {
  return ROLE_KEYS[role];
}
