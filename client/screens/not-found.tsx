import { Link } from 'react-router';
import { useT } from '../i18n';

export function NotFound() {
  const t = useT();
  return (
    <main className="screen screen-center">
      <p>{t('app.notFound')}</p>
      <Link className="btn" to="/">
        {t('app.backHome')}
      </Link>
    </main>
  );
}
