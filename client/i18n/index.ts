// i18n entry point: import from 'client/i18n' rather than the individual files.
export { LANGS, getLang, setLang, subscribeLang, type Lang } from './language';
export {
  createT,
  interpolate,
  translate,
  type AreaKey,
  type Catalogue,
  type CommonKey,
  type Params,
  type Translate,
} from './translate';
export { useFormat, useLang, useT } from './use-t';
export * from './format';
export * from './labels';
