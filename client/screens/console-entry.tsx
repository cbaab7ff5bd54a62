// The dispatcher console lives in client/console/ (its own helper's area). It is found by file name
// so this shell needs no edit when it lands: client/console/console-screen.tsx exporting
// `ConsoleScreen` (or a default export).
import { lazy, Suspense, type ComponentType } from 'react';
import { useT } from '../i18n';

type ScreenModule = { ConsoleScreen?: ComponentType; default?: ComponentType };
const found = import.meta.glob<ScreenModule>('../console/console-screen.tsx');
const load = Object.values(found)[0];

const LazyConsole = load
  ? lazy(async () => {
      const mod = await load();
      const screen = mod.ConsoleScreen ?? mod.default;
      if (!screen) throw new Error('client/console/console-screen.tsx exports no ConsoleScreen');
      return { default: screen };
    })
  : null;

export function ConsoleEntry() {
  const t = useT();
  if (!LazyConsole) return <main className="screen screen-center">{t('app.loading')}</main>;
  return (
    <Suspense fallback={<main className="screen screen-center">{t('app.loading')}</main>}>
      <LazyConsole />
    </Suspense>
  );
}
