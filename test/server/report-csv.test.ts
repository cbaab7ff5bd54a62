// The response-time report over HTTP on a real server: a response walked through every step with the
// clock moved between them, then the JSON report and its CSV, parsed back with papaparse.
import Papa from 'papaparse';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Principal } from '../../shared/domain';
import { INTERVALS, type ResponseReport } from '../../shared/response-times';
import { CSV_HEADERS } from '../../server/history/report-csv';
import { principals } from '../support/test-auth';
import { ackRef } from '../support/test-client';
import type { TestServer } from '../support/test-server';
import { serverPerTest } from '../support/server-per-test';

const SEC = 1000;

describe('response-time report and CSV', () => {
  const server = serverPerTest();
  let t: TestServer;
  beforeEach(async () => {
    t = await server.start();
  });
  const connect = (p: Principal) => server.connect(p, { token: t.tokenFor(p, 24 * 3600_000) });

  it('serves one CSV row per request that parses back to exactly the report (UTF-8 with BOM)', async () => {
    const post = await connect(principals.post('phu-long'));
    const d = await connect(principals.dispatcher());
    const officer = await connect(principals.officer('pl-1'));
    const from = t.clock.now();
    await officer.command({ type: 'officer:set_duty', data: { duty: 'available' } });
    const raise = (note: string) =>
      post.command({ type: 'request:raise', data: { kind: 'fight', priority: 'critical', note, respondersWanted: 1 } });

    const full = ackRef(await raise('Đánh nhau ở chợ Rịa'));
    await t.advance(12 * SEC);
    await d.command({ type: 'request:mark_seen', data: { requestId: full } });
    await t.advance(30 * SEC);
    const assignmentId = ackRef(
      await d.command({ type: 'assignment:assign', data: { requestId: full, officerId: 'pl-1' } }),
    );
    await t.advance(20 * SEC);
    await officer.command({ type: 'assignment:accept', data: { assignmentId } });
    await t.advance(15 * SEC);
    await officer.command({ type: 'assignment:advance', data: { assignmentId, status: 'en_route' } });
    await t.advance(4 * 60 * SEC);
    await officer.command({ type: 'assignment:advance', data: { assignmentId, status: 'on_scene' } });
    await t.advance(10 * 60 * SEC);
    await d.command({ type: 'request:resolve', data: { requestId: full, outcome: 'handled', note: 'xong' } });
    const cancelled = ackRef(await raise('Gọi nhầm'));
    await post.command({ type: 'request:cancel', data: { requestId: cancelled, reason: 'nhầm' } });
    const skipped = ackRef(await raise('Không báo bước'));
    await t.advance(5 * SEC);
    await d.command({ type: 'request:resolve', data: { requestId: skipped, outcome: 'handled', note: '' } });

    const query = `from=${from}&to=${t.clock.now() + 1}`;
    const auth = { headers: { authorization: `Bearer ${t.tokenFor(principals.dispatcher())}` } };
    const json = (await (await fetch(`${t.url}/api/reports/response-times?${query}`, auth)).json()) as {
      report: ResponseReport;
    };
    const report = json.report;
    expect(report.rows.map((r) => r.id)).toEqual([full, cancelled, skipped]);
    expect(report.rows[0]?.intervals).toEqual({
      seen: 12 * SEC,
      assigned: 42 * SEC,
      accepted: 62 * SEC,
      enRoute: 77 * SEC,
      onScene: 317 * SEC,
      resolved: 917 * SEC,
    });
    expect(report.overall.intervals.onScene).toMatchObject({ count: 1, medianMs: 317 * SEC, p90Ms: 317 * SEC });
    expect(report.overall.outcomes).toMatchObject({ handled: 2, cancelled: 1 });
    expect(report.incomplete.map((r) => r.id)).toEqual([skipped]);
    expect(report.excluded.map((r) => r.id)).toEqual([cancelled]);

    const res = await fetch(`${t.url}/api/reports/response-times.csv?${query}`, auth);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    const parsed = Papa.parse<string[]>(text.slice(1), { skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    const [header, ...rows] = parsed.data;
    expect(header).toEqual(CSV_HEADERS);
    expect(rows).toHaveLength(report.rows.length);
    const time = (cell: string | undefined) => (cell ? Date.parse(cell) : null);
    rows.forEach((cells, i) => {
      const row = report.rows[i];
      expect(cells.slice(0, 8)).toEqual([
        String(row?.number),
        row?.id,
        'phu-long',
        'Phú Long',
        'fight',
        'critical',
        row?.status,
        row?.outcome,
      ]);
      expect(time(cells[8])).toBe(row?.steps.raised);
      INTERVALS.forEach((name, k) => {
        expect(time(cells[9 + k]), name).toBe(row?.steps[name]);
        const seconds = cells[9 + INTERVALS.length + 1 + k];
        expect(seconds ? Number(seconds) * 1000 : null, name).toBe(row?.intervals[name]);
      });
      expect(time(cells[9 + INTERVALS.length])).toBe(row?.closedAt);
    });
    expect(rows[0]?.[8]).toMatch(/\+07:00$/);
    expect(rows[2]?.at(-2)).toBe('seen assigned accepted en_route on_scene');
    expect(rows[1]?.at(-1)).toBe('yes');
  });

  it('refuses a report without a valid period, and for an officer', async () => {
    const token = t.tokenFor(principals.dispatcher());
    const get = (q: string, tk = token) =>
      fetch(`${t.url}/api/reports/response-times?${q}`, { headers: { authorization: `Bearer ${tk}` } });
    expect((await get('')).status).toBe(400);
    expect(await (await get('from=10&to=5')).json()).toMatchObject({ code: 'bad_request' });
    expect((await get('from=0&to=1&kind=nope')).status).toBe(400);
    expect((await get('from=0&to=1', t.tokenFor(principals.officer('pl-1')))).status).toBe(403);
  });
});
