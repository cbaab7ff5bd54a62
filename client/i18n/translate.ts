// Looking up and filling in messages. Each area (common, post, officer, console) keeps its own
// catalogue so helpers never edit the same file; a screen asks for common + its area.
import type { Lang } from './language';
import { messages as common } from './messages/common';

/** A catalogue: the same keys in every language (the en side is typed as Record<keyof vi, string>). */
export interface Catalogue {
  vi: Readonly<Record<string, string>>;
  en: Readonly<Record<string, string>>;
}
export type Params = Readonly<Record<string, string | number>>;
export type CommonKey = keyof typeof common.vi;
export type AreaKey<C extends Catalogue> = Extract<keyof C['vi'], string>;
export type Translate<K extends string> = (key: K, params?: Params) => string;

/** Replaces `{name}` with params.name; unknown placeholders stay visible so a missing param is noticed. */
export function interpolate(template: string, params?: Params): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}

export function translate(lang: Lang, key: string, params?: Params, area?: Catalogue): string {
  const template = area?.[lang][key] ?? (common[lang] as Record<string, string>)[key];
  // A key missing in this language falls back to Vietnamese, then to the key itself.
  const fallback = area?.vi[key] ?? (common.vi as Record<string, string>)[key] ?? key;
  return interpolate(template ?? fallback, params);
}

export function createT(lang: Lang): Translate<CommonKey>;
export function createT<C extends Catalogue>(lang: Lang, area: C): Translate<CommonKey | AreaKey<C>>;
export function createT(lang: Lang, area?: Catalogue): Translate<string> {
  return (key, params) => translate(lang, key, params, area);
}
