// GET /metrics after the whole loop over real sockets: the counters, histograms and gauges an operator
// watches moved by what happened, a hostile command type is counted as "unknown", and the endpoint is
// loopback-only without METRICS_TOKEN and token-only with it.
import { afterEach, describe, expect, it } from 'vitest';
import { connectAs, untyped } from '../support/test-client';
import { principals } from '../support/test-auth';
import { startTestServer, type TestServer } from '../support/test-server';

let t: TestServer | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

/** One sample's value from the Prometheus text, e.g. value(text, 'grd_commands_total{type="x",outcome="ok"}'). */
function value(text: string, sample: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${sample} `));
  return line === undefined ? Number.NaN : Number(line.slice(sample.length + 1));
}

describe('GET /metrics', () => {
  it('shows the whole loop: sockets by role, commands by type and outcome, latencies, response times', async () => {
    t = await startTestServer();
    const server = t;
    const connect = (p: Parameters<typeof connectAs>[1]) => connectAs(server, p);
    const post = await connect(principals.post('phu-long'));
    const dispatcher = await connect(principals.dispatcher('disp-1'));
    const officer = await connect(principals.officer('pl-1'));

    await officer.command({ type: 'officer:set_duty', data: { duty: 'available' } });
    const raised = await post.command({ type: 'request:raise', data: { kind: 'fight', priority: 'critical' } });
    const requestId = raised.ok ? (raised.ref ?? '') : '';
    await t.advance(40_000);
    const assigned = await dispatcher.command({ type: 'assignment:assign', data: { requestId, officerId: 'pl-1' } });
    const assignmentId = assigned.ok ? (assigned.ref ?? '') : '';
    await t.advance(12_000);
    expect(await officer.command({ type: 'assignment:accept', data: { assignmentId } })).toMatchObject({ ok: true });
    // A refusal, a retry of the same id, and a made-up type.
    await post.command({ type: 'request:resolve', data: { requestId, outcome: 'handled' } });
    await officer.command({
      id: 'same-id-0001',
      type: 'assignment:advance',
      data: { assignmentId, status: 'en_route' },
    });
    await officer.command({
      id: 'same-id-0001',
      type: 'assignment:advance',
      data: { assignmentId, status: 'en_route' },
    });
    await untyped(officer.socket)
      .timeout(5000)
      .emitWithAck('command', { id: 'bogus-00001', type: '<script>', data: {} });

    const res = await fetch(`${t.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(value(text, 'grd_sockets_connected{role="post"}')).toBe(1);
    expect(value(text, 'grd_sockets_connected{role="dispatcher"}')).toBe(1);
    expect(value(text, 'grd_sockets_connected{role="officer"}')).toBe(1);
    expect(value(text, 'grd_commands_total{type="request:raise",outcome="ok"}')).toBe(1);
    expect(value(text, 'grd_commands_total{type="assignment:assign",outcome="ok"}')).toBe(1);
    expect(value(text, 'grd_commands_total{type="assignment:accept",outcome="ok"}')).toBe(1);
    expect(value(text, 'grd_commands_total{type="request:resolve",outcome="forbidden"}')).toBe(1);
    expect(value(text, 'grd_commands_total{type="assignment:advance",outcome="ok"}')).toBe(1);
    expect(value(text, 'grd_commands_total{type="assignment:advance",outcome="duplicate"}')).toBe(1);
    expect(value(text, 'grd_commands_total{type="unknown",outcome="unknown_command"}')).toBe(1);
    expect(text).not.toContain('<script>');
    expect(value(text, 'grd_command_ack_seconds_count{type="request:raise"}')).toBe(1);
    expect(value(text, 'grd_log_append_seconds_count')).toBeGreaterThanOrEqual(5);
    expect(value(text, 'grd_time_to_assign_seconds_count')).toBe(1);
    expect(value(text, 'grd_time_to_assign_seconds_sum')).toBe(40);
    expect(value(text, 'grd_time_to_accept_seconds_count')).toBe(1);
    expect(value(text, 'grd_time_to_accept_seconds_sum')).toBe(12);
    expect(value(text, 'grd_requests_open{status="dispatched"}')).toBe(1);
    expect(value(text, 'grd_requests_open{status="open"}')).toBe(0);
    expect(value(text, 'grd_log_seq')).toBe(t.seq());
    expect(value(text, 'grd_event_loop_lag_seconds{quantile="max"}')).toBeGreaterThan(0);
    for (const c of [post, dispatcher, officer]) c.close();
  });

  it('with METRICS_TOKEN answers only that bearer token', async () => {
    t = await startTestServer({ config: { metricsToken: 'a-long-metrics-token-0123456789' } });
    expect((await fetch(`${t.url}/metrics`)).status).toBe(403);
    const wrong = await fetch(`${t.url}/metrics`, { headers: { authorization: 'Bearer nope' } });
    expect(wrong.status).toBe(403);
    const right = await fetch(`${t.url}/metrics`, {
      headers: { authorization: 'Bearer a-long-metrics-token-0123456789' },
    });
    expect(right.status).toBe(200);
    expect(await right.text()).toContain('grd_commands_total');
  });
});
