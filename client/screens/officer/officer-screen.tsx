import { AppHeader } from '../../components/app-header';
import { useT } from '../../i18n';

export function OfficerScreen() {
  const t = useT();
  return (
    <div className="screen">
      <AppHeader title={t('role.officer')} />
    </div>
  );
}
