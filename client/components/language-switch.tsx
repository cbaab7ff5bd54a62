import { setLang, useLang, useT } from '../i18n';

/**
 * One button: switches to the other language (remembered on this device). `compact` shows only its code
 * ("EN", "VI") for the header of a 360 px phone; the full name stays its accessible name and tooltip.
 */
export function LanguageSwitch({ compact = false }: { compact?: boolean }) {
  const t = useT();
  const lang = useLang();
  const other = lang === 'vi' ? 'en' : 'vi';
  const name = t('app.switchLanguage');
  return (
    <button
      type="button"
      className={compact ? 'btn btn-quiet btn-compact' : 'btn btn-quiet'}
      lang={other}
      aria-label={compact ? name : undefined}
      title={compact ? name : undefined}
      onClick={() => setLang(other)}
    >
      {compact ? other.toUpperCase() : name}
    </button>
  );
}
