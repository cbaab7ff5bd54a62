// Times, durations, distances and ETAs as people read them here: 24-hour clock in Asia/Ho_Chi_Minh
// whatever the device's own zone, Vietnamese number formats.
import type { Lang } from './language';
import { translate } from './translate';

export const TIME_ZONE = 'Asia/Ho_Chi_Minh';

const locale = (lang: Lang): string => (lang === 'vi' ? 'vi-VN' : 'en-GB');
const timeFormats = new Map<string, Intl.DateTimeFormat>();

function timeFormat(lang: Lang, seconds: boolean, date: boolean): Intl.DateTimeFormat {
  const key = `${lang}:${seconds}:${date}`;
  let format = timeFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale(lang), {
      timeZone: TIME_ZONE,
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      ...(seconds ? { second: '2-digit' } : {}),
      ...(date ? { day: '2-digit', month: '2-digit' } : {}),
    });
    timeFormats.set(key, format);
  }
  return format;
}

/** "02:14" (or "02:14:05" with seconds), in Vietnam time. */
export function formatTime(ms: number, lang: Lang, options: { seconds?: boolean } = {}): string {
  const parts = timeFormat(lang, options.seconds ?? false, false).formatToParts(ms);
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '00';
  return options.seconds ? `${get('hour')}:${get('minute')}:${get('second')}` : `${get('hour')}:${get('minute')}`;
}

/** "14/06 02:14", in Vietnam time. */
export function formatDateTime(ms: number, lang: Lang): string {
  const parts = timeFormat(lang, false, true).formatToParts(ms);
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '00';
  return `${get('day')}/${get('month')} ${get('hour')}:${get('minute')}`;
}

/** The calendar day in Vietnam time ("2025-06-14"), to tell "today's" requests on any device. */
export function dayKey(ms: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' })
    .format(ms)
    .slice(0, 10);
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/**
 * "2 phút 05 giây" (long) or "2:05" (clock, for timers that tick). Negative durations count as 0;
 * whole seconds are floored so a countdown never shows a second it has not reached.
 */
export function formatDuration(ms: number, lang: Lang, style: 'long' | 'clock' = 'long'): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (style === 'clock') return h > 0 ? `${h}:${pad2(m)}:${pad2(s)}` : `${m}:${pad2(s)}`;
  if (h > 0) return translate(lang, 'unit.hoursMinutes', { h, m: pad2(m) });
  if (m > 0) return translate(lang, 'unit.minutesSeconds', { m, s: pad2(s) });
  return translate(lang, 'unit.seconds', { s });
}

/**
 * How old something is, as one reads it at a glance: "33 giây", "4 phút", "1 giờ 05 phút". For fix
 * ages and labels, where "0:33" read like a clock time.
 */
export function formatAge(ms: number, lang: Lang): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  if (total < 60) return translate(lang, 'unit.seconds', { s: total });
  const minutes = Math.floor(total / 60);
  if (minutes < 60) return translate(lang, 'unit.minutes', { m: minutes });
  return translate(lang, 'unit.hoursMinutes', { h: Math.floor(minutes / 60), m: pad2(minutes % 60) });
}

/** "20,22010; 105,75020" in Vietnamese (decimal comma), "20.22010, 105.75020" in English. */
export function formatLatLon(point: { lat: number; lon: number }, lang: Lang): string {
  const n = (x: number) =>
    new Intl.NumberFormat(locale(lang), {
      minimumFractionDigits: 5,
      maximumFractionDigits: 5,
      useGrouping: false,
    }).format(x);
  return lang === 'vi' ? `${n(point.lat)}; ${n(point.lon)}` : `${n(point.lat)}, ${n(point.lon)}`;
}

/** "350 m" under a kilometre (to 10 m), "2,4 km" above. */
export function formatDistance(meters: number, lang: Lang): string {
  if (meters < 1000) return translate(lang, 'unit.meters', { n: Math.round(meters / 10) * 10 });
  const km = new Intl.NumberFormat(locale(lang), { maximumFractionDigits: meters < 10_000 ? 1 : 0 }).format(
    meters / 1000,
  );
  return translate(lang, 'unit.kilometers', { n: km });
}

/** "khoảng 6 phút": ETAs are estimates, so whole minutes (at least 1). */
export function formatEta(seconds: number, lang: Lang): string {
  const minutes = Math.max(1, Math.round(seconds / 60));
  const duration =
    minutes >= 60
      ? translate(lang, 'unit.hoursMinutes', { h: Math.floor(minutes / 60), m: pad2(minutes % 60) })
      : translate(lang, 'unit.minutes', { m: minutes });
  return translate(lang, 'unit.eta', { duration });
}

/** "3 phút 10 giây trước". */
export function formatAgo(ms: number, lang: Lang): string {
  return translate(lang, 'unit.ago', { duration: formatDuration(ms, lang) });
}
