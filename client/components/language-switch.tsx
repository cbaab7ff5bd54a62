import { setLang, useLang, useT } from '../i18n';

/** One button: shows the other language's name and switches to it (remembered on this device). */
export function LanguageSwitch() {
  const t = useT();
  const lang = useLang();
  const other = lang === 'vi' ? 'en' : 'vi';
  return (
    <button type="button" className="btn btn-quiet" lang={other} onClick={() => setLang(other)}>
      {t('app.switchLanguage')}
    </button>
  );
}
