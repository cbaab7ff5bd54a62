// React side of i18n: the current language as external state, and a t() bound to it.
import { useMemo, useSyncExternalStore } from 'react';
import * as format from './format';
import { getLang, subscribeLang, type Lang } from './language';
import { createT, type AreaKey, type Catalogue, type CommonKey, type Translate } from './translate';

export function useLang(): Lang {
  return useSyncExternalStore(subscribeLang, getLang, getLang);
}

export function useT(): Translate<CommonKey>;
export function useT<C extends Catalogue>(area: C): Translate<CommonKey | AreaKey<C>>;
export function useT(area?: Catalogue): Translate<string> {
  const lang = useLang();
  return useMemo(() => (area ? createT(lang, area) : createT(lang)) as Translate<string>, [lang, area]);
}

/** The formatting helpers bound to the current language. */
export function useFormat() {
  const lang = useLang();
  return useMemo(
    () => ({
      time: (ms: number, options?: { seconds?: boolean }) => format.formatTime(ms, lang, options),
      dateTime: (ms: number) => format.formatDateTime(ms, lang),
      duration: (ms: number, style?: 'long' | 'clock') => format.formatDuration(ms, lang, style),
      distance: (meters: number) => format.formatDistance(meters, lang),
      eta: (seconds: number) => format.formatEta(seconds, lang),
      ago: (ms: number) => format.formatAgo(ms, lang),
      age: (ms: number) => format.formatAge(ms, lang),
      latLon: (point: { lat: number; lon: number }) => format.formatLatLon(point, lang),
    }),
    [lang],
  );
}
