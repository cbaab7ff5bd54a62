// Only our own pages may connect, responses carry security headers, /healthz shows detail only to this
// machine or a dispatcher, and rate limits hold per account (however many sockets) and per IP. Real
// servers on port 0, real socket.io-client connections.
import { afterEach, describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import { PROTOCOL_VERSION } from '../../shared/protocol';
import { principals } from '../support/test-auth';
import { connectAs, expectConnectError, type ClientSocket } from '../support/test-client';
import { startTestServer, type TestServer } from '../support/test-server';

function socketFrom(t: TestServer, origin: string): ClientSocket {
  return io(t.url, {
    transports: ['websocket'],
    auth: { token: t.tokenFor(principals.dispatcher()), protocol: PROTOCOL_VERSION },
    extraHeaders: { Origin: origin },
    reconnection: false,
    forceNew: true,
  });
}

function connected(socket: ClientSocket): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
}

describe('origin, headers and health', () => {
  let t: TestServer | null = null;
  afterEach(async () => {
    await t?.stop();
    t = null;
  });

  it('a page of another origin gets connect_error origin_refused; the own origin and ALLOWED_ORIGINS connect', async () => {
    t = await startTestServer({ config: { allowedOrigins: ['https://console.example.vn'] } });
    const evil = socketFrom(t, 'https://evil.example.com');
    expect(await expectConnectError(evil)).toMatchObject({ code: 'origin_refused' });
    evil.close();
    const lookalike = socketFrom(t, `http://127.0.0.1:${t.port}.evil.example.com`);
    expect(await expectConnectError(lookalike)).toMatchObject({ code: 'origin_refused' });
    lookalike.close();
    for (const origin of [`http://127.0.0.1:${t.port}`, 'https://console.example.vn']) {
      const ok = socketFrom(t, origin);
      await connected(ok);
      ok.close();
    }
  });

  it('responses carry a CSP that allows the tile origin, nosniff, a referrer policy and no framing', async () => {
    t = await startTestServer({ config: { tileUrl: 'https://{s}.tiles.example.vn/{z}/{x}/{y}.png' } });
    const res = await fetch(`${t.url}/healthz`);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("default-src 'self'");
    expect(csp).toMatch(/img-src [^;]*https:\/\/\*\.tiles\.example\.vn/);
    expect(csp).toContain("script-src 'self'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
  });

  it('/healthz gives ok and seq to anyone, the store detail only to this machine or a dispatcher', async () => {
    t = await startTestServer();
    const viaProxy = { 'X-Forwarded-For': '203.0.113.7' };
    const local = (await (await fetch(`${t.url}/healthz`)).json()) as Record<string, unknown>;
    expect(local).toMatchObject({
      ok: true,
      seq: 0,
      store: { kind: 'journal', detail: expect.stringContaining(t.dataDir) },
    });
    const anonymous = await (await fetch(`${t.url}/healthz`, { headers: viaProxy })).json();
    expect(anonymous).toEqual({ ok: true, seq: 0 });
    const asPost = { ...viaProxy, Authorization: `Bearer ${t.tokenFor(principals.post('ky-phu'))}` };
    expect(await (await fetch(`${t.url}/healthz`, { headers: asPost })).json()).toEqual({ ok: true, seq: 0 });
    const asDispatcher = { ...viaProxy, Authorization: `Bearer ${t.tokenFor(principals.dispatcher())}` };
    expect(await (await fetch(`${t.url}/healthz`, { headers: asDispatcher })).json()).toMatchObject({
      store: { kind: 'journal' },
    });
  });
});

describe('rate limits', () => {
  let t: TestServer | null = null;
  afterEach(async () => {
    await t?.stop();
    t = null;
  });
  const slow = { burst: 4, perSecond: 0.001 };
  const generous = { burst: 10_000, perSecond: 10_000 };

  it('hold per account: a second socket of the same account shares the budget, another account does not', async () => {
    t = await startTestServer({ config: { rateLimits: { command: slow, position: generous, ip: generous } } });
    const first = await connectAs(t, principals.dispatcher('d1'));
    const second = await connectAs(t, principals.dispatcher('d1'));
    const other = await connectAs(t, principals.dispatcher('d2'));
    const codes: string[] = [];
    for (const client of [first, second, first, second, first, second]) {
      const ack = await client.sync(0);
      codes.push(ack.ok ? 'ok' : ack.code);
    }
    expect(codes).toEqual(['ok', 'ok', 'ok', 'ok', 'rate_limited', 'rate_limited']);
    expect(await other.sync(0)).toMatchObject({ ok: true });
    for (const c of [first, second, other]) c.close();
  });

  it('hold per IP across accounts, and position reports have their own budget', async () => {
    t = await startTestServer({
      config: {
        rateLimits: { command: generous, position: { burst: 2, perSecond: 0.001 }, ip: { burst: 6, perSecond: 0.001 } },
      },
    });
    const officer = await connectAs(t, principals.officer('kp-1'));
    const fix = { lat: 20.25, lon: 105.72, accuracy: 10, at: t.clock.now() };
    const positions = [];
    for (let i = 0; i < 3; i++) positions.push(await officer.socket.emitWithAck('position:report', fix));
    expect(positions.map((a) => (a.ok ? 'ok' : a.code))).toEqual(['ok', 'ok', 'rate_limited']);
    const clients = await Promise.all([1, 2, 3].map((i) => connectAs(t!, principals.dispatcher(`d${i}`))));
    const codes: string[] = [];
    for (const c of clients) {
      const ack = await c.sync(0);
      codes.push(ack.ok ? 'ok' : ack.code);
    }
    // 3 position reports and 3 syncs from 127.0.0.1 spend the IP's 6; the next account is refused.
    expect(codes).toEqual(['ok', 'ok', 'ok']);
    expect(await clients[0]!.sync(0)).toMatchObject({ ok: false, code: 'rate_limited' });
    for (const c of [officer, ...clients]) c.close();
  });
});
