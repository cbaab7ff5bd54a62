// Every catalogue (common, post, officer, console, …) has the same keys in Vietnamese and English, and
// the formatting helpers speak 24-hour Vietnam time whatever the machine's zone.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ASSIGNMENT_STATUSES,
  DUTY_STATUSES,
  OUTCOMES,
  PRIORITIES,
  REQUEST_KINDS,
  REQUEST_STATUSES,
} from '../../shared/domain';
import { ERROR_CODES } from '../../shared/protocol';
import {
  assignmentStatusKey,
  createT,
  dutyKey,
  errorKey,
  formatDistance,
  formatDuration,
  formatEta,
  formatTime,
  interpolate,
  kindKey,
  outcomeKey,
  priorityKey,
  requestStatusKey,
  translate,
} from '../../client/i18n';
import type { Catalogue } from '../../client/i18n';
import { failureText } from '../../client/i18n/labels';

const messagesDir = path.join(import.meta.dirname, '../../client/i18n/messages');
const catalogueFiles = fs.readdirSync(messagesDir).filter((f) => f.endsWith('.ts'));

describe('message catalogues', () => {
  it('include at least common, post and officer', () => {
    expect(catalogueFiles).toEqual(expect.arrayContaining(['common.ts', 'post.ts', 'officer.ts']));
  });

  for (const file of catalogueFiles) {
    it(`${file}: Vietnamese and English have exactly the same keys, none empty`, async () => {
      const { messages } = (await import(path.join(messagesDir, file))) as { messages: Catalogue };
      const vi = Object.keys(messages.vi).sort();
      const en = Object.keys(messages.en).sort();
      expect(vi.filter((k) => !en.includes(k))).toEqual([]);
      expect(en.filter((k) => !vi.includes(k))).toEqual([]);
      for (const lang of ['vi', 'en'] as const) {
        for (const [key, value] of Object.entries(messages[lang])) {
          expect(value.trim(), `${lang} ${key}`).not.toBe('');
        }
      }
    });

    it(`${file}: each message uses the same {placeholders} in both languages`, async () => {
      const { messages } = (await import(path.join(messagesDir, file))) as { messages: Catalogue };
      const placeholders = (s: string | undefined) => [...(s ?? '').matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      for (const key of Object.keys(messages.vi)) {
        expect(placeholders(messages.en[key]), key).toEqual(placeholders(messages.vi[key]));
      }
    });
  }
});

describe('labels of the protocol vocabulary', () => {
  it('every kind, priority, status, duty, outcome and error code has a Vietnamese label that is not its key', () => {
    const keys = [
      ...REQUEST_KINDS.map(kindKey),
      ...PRIORITIES.map(priorityKey),
      ...REQUEST_STATUSES.map(requestStatusKey),
      ...ASSIGNMENT_STATUSES.map(assignmentStatusKey),
      ...DUTY_STATUSES.map(dutyKey),
      ...OUTCOMES.map(outcomeKey),
      ...ERROR_CODES.map(errorKey),
    ];
    for (const key of keys) expect(translate('vi', key), key).not.toBe(key);
  });

  it('request kinds read as the cluster names them', () => {
    const t = createT('vi');
    expect(REQUEST_KINDS.map((k) => t(kindKey(k)))).toEqual([
      'Gây rối / đánh nhau',
      'Trộm cắp',
      'Tai nạn giao thông',
      'Cháy nổ',
      'Thiên tai / lũ lụt',
      'Truy bắt đối tượng',
      'Cấp cứu',
      'Khác',
      'Hỗ trợ đồng chí',
    ]);
    expect(createT('en')('priority.critical')).toBe('Critical');
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(interpolate('{count} yêu cầu chờ gửi', { count: 2 })).toBe('2 yêu cầu chờ gửi');
    expect(interpolate('từ {time}', {})).toBe('từ {time}');
  });
});

describe('failureText', () => {
  it("a request that got no answer (fetch's TypeError) reads as the connection lost, in the reader's language", () => {
    const offline = new TypeError('Failed to fetch');
    expect(failureText(createT('vi'), offline)).toBe(createT('vi')(errorKey('offline')));
    expect(failureText(createT('en'), offline)).toBe(createT('en')(errorKey('offline')));
    expect(failureText(createT('vi'), offline)).not.toMatch(/fetch/i);
  });

  it("another error keeps its own sentence (already the reader's language)", () => {
    expect(failureText(createT('vi'), new Error('Không có quyền'))).toBe('Không có quyền');
  });
});

describe('formatting', () => {
  // 2025-06-14 19:14:05 UTC is 02:14:05 on the 15th in Vietnam (UTC+7).
  const at = Date.UTC(2025, 5, 14, 19, 14, 5);

  it('times are 24-hour in Asia/Ho_Chi_Minh', () => {
    expect(formatTime(at, 'vi')).toBe('02:14');
    expect(formatTime(at, 'en', { seconds: true })).toBe('02:14:05');
    expect(formatTime(Date.UTC(2025, 5, 14, 8, 30), 'en')).toBe('15:30');
  });

  it('durations read "2 phút 05 giây" or tick as "2:05"', () => {
    expect(formatDuration(125_400, 'vi')).toBe('2 phút 05 giây');
    expect(formatDuration(125_400, 'vi', 'clock')).toBe('2:05');
    expect(formatDuration(3_725_000, 'vi', 'clock')).toBe('1:02:05');
    expect(formatDuration(9_000, 'vi')).toBe('9 giây');
    expect(formatDuration(-5_000, 'vi', 'clock')).toBe('0:00');
  });

  it('distances and ETAs', () => {
    expect(formatDistance(348, 'vi')).toBe('350 m');
    expect(formatDistance(2_430, 'vi')).toBe('2,4 km');
    expect(formatDistance(2_430, 'en')).toBe('2.4 km');
    expect(formatEta(370, 'vi')).toBe('khoảng 6 phút');
    expect(formatEta(10, 'en')).toBe('about 1 min');
  });
});
