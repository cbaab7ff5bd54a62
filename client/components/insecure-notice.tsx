// Said plainly when the page is not a secure context (plain HTTP to an address other than localhost):
// browsers then give no geolocation, no service worker and no installation, and the real fix is the
// HTTPS address, not a permission setting.
import '../styles/deploy.css';
import { useT } from '../i18n';
import { messages } from '../i18n/messages/deploy';

/** The HTTPS port the server uses by default when TLS is on (see README, "HTTPS"). */
export const DEFAULT_HTTPS_PORT = 8443;

export function isSecurePage(): boolean {
  return typeof window === 'undefined' || window.isSecureContext;
}

/** The same page on https: the default TLS port on this host (plain HTTP there redirects anyway). */
export function httpsAddress(location: Pick<Location, 'hostname' | 'pathname'>): string {
  const host = location.hostname.includes(':') ? `[${location.hostname}]` : location.hostname;
  return `https://${host}:${DEFAULT_HTTPS_PORT}${location.pathname}`;
}

export function InsecureNotice({ need }: { need: 'gps' | 'offline' }) {
  const t = useT(messages);
  if (isSecurePage()) return null;
  const address = httpsAddress(window.location);
  return (
    <section className="card insecure-notice" role="alert" data-testid="insecure-notice">
      <h2>{t('deploy.insecureTitle')}</h2>
      <p>{t(need === 'gps' ? 'deploy.insecureGps' : 'deploy.insecureOffline')}</p>
      <p>
        {t('deploy.insecureOpen')}{' '}
        <a href={address} className="insecure-address">
          {address}
        </a>
      </p>
      <p className="hint">{t('deploy.insecureAdmin')}</p>
    </section>
  );
}
