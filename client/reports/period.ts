// Calendar days and months in Vietnam time (UTC+7 all year), as [from, to) in ms for the API.
const OFFSET_MS = 7 * 3600_000;
const DAY_MS = 86_400_000;

/** "2026-11-26" → midnight in Vietnam that day, to the next midnight. */
export function dayPeriod(day: string): { from: number; to: number } | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return null;
  const from = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) - OFFSET_MS;
  return { from, to: from + DAY_MS };
}

/** "2026-11" → the first of the month in Vietnam, to the first of the next. */
export function monthPeriod(month: string): { from: number; to: number } | null {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m) return null;
  const year = Number(m[1]);
  const index = Number(m[2]) - 1;
  return { from: Date.UTC(year, index, 1) - OFFSET_MS, to: Date.UTC(year, index + 1, 1) - OFFSET_MS };
}

/** Today in Vietnam as "2026-11-26". */
export function vietnamDay(now: number): string {
  return new Date(now + OFFSET_MS).toISOString().slice(0, 10);
}

/** "HH:MM" on a Vietnam day → ms. */
export function atTime(day: string, time: string): number | null {
  const start = dayPeriod(day)?.from;
  const m = /^(\d{2}):(\d{2})$/.exec(time);
  if (start === undefined || !m) return null;
  return start + (Number(m[1]) * 60 + Number(m[2])) * 60_000;
}
