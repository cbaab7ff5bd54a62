// Position telemetry is cheap and bounded, and goes last under load: fixes an officer sends within one
// write window are coalesced (the store written once, consoles get the newest only, every fix acked), and
// while the event loop lags beyond OVERLOAD_LAG_MS fixes are shed with overloaded while a command still
// goes through, as /healthz and /metrics say. A real server, real sockets, a real in-memory position store.
import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import type { Ack, OfficerPosition } from '../../shared/protocol';
import { MemoryPositionStore } from '../../server/positions';
import { principals } from '../support/test-auth';
import { serverPerTest } from '../support/server-per-test';

/** The in-memory store, counting its writes (each record or recordMany call is one write). */
class CountingStore extends MemoryPositionStore {
  writes: OfficerPosition[][] = [];

  override async record(position: OfficerPosition): Promise<void> {
    this.writes.push([position]);
    await super.record(position);
  }

  override async recordMany(positions: readonly OfficerPosition[]): Promise<void> {
    this.writes.push([...positions]);
    for (const position of positions) await super.record(position);
  }
}

describe('the position fix intake', () => {
  const server = serverPerTest();
  const { connect } = server;

  it('coalesces one officer’s fixes within a write window: one store write, consoles get the newest only', async () => {
    const store = new CountingStore();
    const t = await server.start({ config: { positionWriteMs: 300 }, deps: { telemetry: store } });
    const d = await connect(principals.dispatcher());
    const officer = await connect(principals.officer('cp-1'));
    // Presence first (see TestServer.flushPresence).
    t.flushPresence();
    await expect.poll(() => d.presence.length).toBe(1);
    const at = t.clock.now();
    const fixes = [20.3, 20.31, 20.32].map((lat, i) => ({ lat, lon: 105.7, accuracy: 10, at: at - 3000 + i * 1000 }));
    const acks = await Promise.all(fixes.map((fix) => officer.socket.emitWithAck('position:report', fix)));
    expect(acks).toEqual([{ ok: true }, { ok: true }, { ok: true }]);
    expect(store.writes).toHaveLength(1);
    expect(store.writes[0]?.map((p) => p.lat)).toEqual([20.32]);
    await t.advance(t.config.positionBatchMs);
    await expect.poll(() => d.positionBatches.flat().filter((p) => p.officerId === 'cp-1').length).toBe(1);
    expect(d.positionBatches.flat().filter((p) => p.officerId === 'cp-1')).toMatchObject([{ lat: 20.32 }]);
  });

  it('writes several officers’ fixes in one store write', async () => {
    const store = new CountingStore();
    const t = await server.start({ config: { positionWriteMs: 300 }, deps: { telemetry: store } });
    const officers = await Promise.all(['cp-1', 'cp-2'].map((id) => connect(principals.officer(id))));
    const fix = { lat: 20.3, lon: 105.7, accuracy: 10, at: t.clock.now() };
    const acks = await Promise.all(officers.map((o) => o.socket.emitWithAck('position:report', fix)));
    expect(acks).toEqual([{ ok: true }, { ok: true }]);
    expect(store.writes.map((w) => w.map((p) => p.officerId).sort())).toEqual([['cp-1', 'cp-2']]);
  });

  it('sheds fixes while the event loop lags, and a command still succeeds; /healthz and /metrics say so', async () => {
    const store = new CountingStore();
    const t = await server.start({ config: { overloadLagMs: 50 }, deps: { telemetry: store } });
    const d = await connect(principals.dispatcher());
    const officer = await connect(principals.officer('cp-1'));
    const fix = { lat: 20.3, lon: 105.7, accuracy: 10, at: t.clock.now() };
    expect(await officer.socket.emitWithAck('position:report', fix)).toEqual({ ok: true });
    // Block the loop (server and client share it) well beyond the threshold, as a burst of work would.
    const until = performance.now() + 400;
    while (performance.now() < until) {
      // busy
    }
    const [shed, command] = await Promise.all([
      officer.socket.emitWithAck('position:report', { ...fix, lat: 20.31 }),
      d.command({ type: 'officer:set_duty', data: { duty: 'available', officerId: 'cp-1' } }),
    ]);
    expect(shed).toMatchObject({ ok: false, code: 'overloaded', message: expect.stringMatching(/overloaded/) });
    expect(command).toMatchObject({ ok: true });
    expect(store.writes.flat().map((p) => p.lat)).toEqual([20.3]);

    const health = (await (await fetch(`${t.url}/healthz`)).json()) as { load?: { fixesShed: number } };
    expect(health.load).toMatchObject({ fixesShed: 1 });
    const metrics = await (await fetch(`${t.url}/metrics`)).text();
    expect(metrics).toMatch(/^grd_position_fixes_shed_total 1$/m);
    expect(metrics).toMatch(/^grd_event_loop_lag_recent_seconds \d/m);
  });

  it('a fix shed while overloaded costs no rate-limit point', async () => {
    const generous = { burst: 10_000, perSecond: 10_000 };
    // Two fixes, then nothing for 100 s: a shed fix that consumed a point would soon be rate_limited.
    const rateLimits = { command: generous, ip: generous, position: { burst: 2, perSecond: 0.01 } };
    const t = await server.start({ config: { overloadLagMs: 50, rateLimits } });
    const officer = await connect(principals.officer('cp-1'));
    const fix = { lat: 20.3, lon: 105.7, accuracy: 10, at: t.clock.now() };
    const until = performance.now() + 400;
    while (performance.now() < until) {
      // busy: the loop lags, the server counts as overloaded for a second
    }
    const acks = await Promise.all(
      Array.from({ length: 6 }, () => officer.socket.emitWithAck('position:report', fix) as Promise<Ack>),
    );
    expect(acks.map((ack) => (ack.ok ? 'ok' : ack.code))).toEqual(Array(6).fill('overloaded'));
    // Once the overload is over, the budget is still whole.
    const overloaded = async () =>
      ((await (await fetch(`${t.url}/healthz`)).json()) as { load?: { overloaded: boolean } }).load?.overloaded;
    await expect.poll(overloaded, { timeout: 3000 }).toBe(false);
    expect(await officer.socket.emitWithAck('position:report', fix)).toEqual({ ok: true });
  });
});
