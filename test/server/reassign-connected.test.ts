// The automatic reassignment prefers officers who are connected: a device on this node, another node's
// word, or a recent fix (it came over some node's socket); among them a fresh fix ranks before a guess from
// the commune post. Pure rules, the node's presence, then the whole server on the fake clock.
import { describe, expect, it } from 'vitest';
import type { EventBody } from '../../shared/events';
import type { OfficerPosition } from '../../shared/protocol';
import { applyEvents, initialState } from '../../shared/reducer';
import { dueReassignments } from '../../server/domain/escalation';
import { MemoryPositionStore } from '../../server/positions';
import { ELSEWHERE_FRESH_MS, PresenceIndex } from '../../server/presence/presence-index';
import { RECENT_FIX_MS } from '../../server/domain/timer-rules';
import { numbered, raisedBody } from '../support/event-fixtures';
import { principals } from '../support/test-auth';
import { ackRef, type TestClient } from '../support/test-client';
import { seedCluster as cluster } from '../support/cluster-fixture';
import type { TestServer } from '../support/test-server';
import { serverPerTest } from '../support/server-per-test';

const MIN = 60_000;
const post = (commune: string) => cluster.communes.find((c) => c.id === commune)!.post.location;
const fix = (officerId: string, commune: string, receivedAt: number): OfficerPosition => ({
  ...post(commune),
  accuracy: 10,
  at: receivedAt,
  officerId,
  receivedAt,
});

describe('reassignment ranking (pure)', () => {
  const ref = { requestId: 'r1', commune: 'phu-long' };
  /** A critical Phú Long request whose pl-1 let its assignment expire, and `available` on duty. */
  function expiredState(available: string[]) {
    const bodies: EventBody[] = [
      raisedBody({ ...ref, kind: 'fire', location: post('phu-long') }),
      ...['pl-1', ...available].map((officerId): EventBody => ({
        type: 'officer:duty_changed',
        data: { officerId, duty: 'available' },
      })),
      { type: 'assignment:created', data: { ...ref, assignmentId: 'a9', officerId: 'pl-1', deadlineAt: 1 } },
      { type: 'assignment:expired', data: { ...ref, assignmentId: 'a9', officerId: 'pl-1' } },
    ];
    return applyEvents(initialState(cluster), numbered(bodies.map((body) => [{ role: 'system' }, body] as const)));
  }
  const NOW = 10 * MIN;
  const ctx = {
    priorities: ['critical' as const],
    cluster,
    eta: { roadFactor: 1.4, speedKmh: 35 },
    assignmentDeadlineMs: 60_000,
    staleAfterMs: RECENT_FIX_MS,
  };
  const chosen = (due: EventBody[]) => (due[0]?.type === 'assignment:created' ? due[0].data.officerId : null);

  it('a connected officer with a fresh fix farther away comes before a connected one known only by a stale fix', () => {
    const s = expiredState(['pl-2', 'tm-1']);
    const positions = [fix('pl-2', 'phu-long', NOW - 3 * MIN), fix('tm-1', 'thanh-minh', NOW - 10_000)];
    const due = dueReassignments(s, NOW, s.seq + 1, { ...ctx, positions, isOnline: () => true });
    expect(chosen(due)).toBe('tm-1');
    // Without fix ages (no staleAfterMs) the nearest connected one, as before.
    const byEta = dueReassignments(s, NOW, s.seq + 1, {
      ...ctx,
      staleAfterMs: undefined,
      positions,
      isOnline: () => true,
    });
    expect(chosen(byEta)).toBe('pl-2');
  });

  it('an officer who is not connected comes last, however near and fresh', () => {
    const s = expiredState(['pl-2', 'kp-1']);
    const positions = [fix('pl-2', 'phu-long', NOW - 1000)];
    const due = dueReassignments(s, NOW, s.seq + 1, { ...ctx, positions, isOnline: (id) => id === 'kp-1' });
    expect(chosen(due)).toBe('kp-1');
    // Nobody connected: still the best of the rest rather than no one.
    expect(chosen(dueReassignments(s, NOW, s.seq + 1, { ...ctx, positions, isOnline: () => false }))).toBe('pl-2');
  });
});

describe('a node’s idea of connected', () => {
  it('a device here, another node’s recent word, or a fix newer than the last device leaving here', () => {
    const presence = new PresenceIndex(0);
    const now = 20 * MIN;
    expect(presence.isConnected('pl-1', now, RECENT_FIX_MS)).toBe(false);
    presence.connected('pl-1', now - 5 * MIN);
    expect(presence.isConnected('pl-1', now, RECENT_FIX_MS)).toBe(true);
    presence.disconnected('pl-1', now - MIN);
    // Its fix from before it left says nothing about now; one that came in after it left does.
    presence.noteFixes([fix('pl-1', 'phu-long', now - 2 * MIN)]);
    expect(presence.isConnected('pl-1', now, RECENT_FIX_MS)).toBe(false);
    presence.noteFixes([fix('pl-1', 'phu-long', now - 30_000)]);
    expect(presence.isConnected('pl-1', now, RECENT_FIX_MS)).toBe(true);
    // A fix past the window does not count, even if this node never saw the officer.
    presence.noteFixes([fix('kp-1', 'ky-phu', now - RECENT_FIX_MS - 1)]);
    expect(presence.isConnected('kp-1', now, RECENT_FIX_MS)).toBe(false);
    presence.noteFixes([fix('kp-1', 'ky-phu', now - RECENT_FIX_MS)]);
    expect(presence.isConnected('kp-1', now, RECENT_FIX_MS)).toBe(true);
    presence.noteFixes([]);
    presence.connectedElsewhere('tv-1', now - ELSEWHERE_FRESH_MS);
    expect(presence.isConnected('tv-1', now, RECENT_FIX_MS)).toBe(true);
    expect(presence.isConnected('tv-1', now + 1, RECENT_FIX_MS)).toBe(false);
  });
});

describe('automatic reassignment on a running server', () => {
  const server = serverPerTest();
  const { connect } = server;
  let t: TestServer;
  let telemetry = new MemoryPositionStore();

  /** A critical Phú Long request assigned to pl-1 (connected), and `available` officers on duty. */
  async function critical(available: string[]) {
    telemetry = new MemoryPositionStore();
    t = await server.start({ config: { autoReassignPriorities: ['critical'] }, deps: { telemetry } });
    const d = await connect(principals.dispatcher());
    const postClient = await connect(principals.post('phu-long'));
    await connect(principals.officer('pl-1'));
    for (const officerId of ['pl-1', ...available]) {
      await d.command({ type: 'officer:set_duty', data: { duty: 'available', officerId } });
    }
    const requestId = ackRef(
      await postClient.command({ type: 'request:raise', data: { kind: 'fire', priority: 'critical' } }),
    );
    await d.command({ type: 'assignment:assign', data: { requestId, officerId: 'pl-1' } });
    return { d, requestId };
  }
  /** Lets pl-1's assignment expire and returns who the server chose instead. */
  async function replacement(d: TestClient): Promise<string> {
    await t.advance(1000); // the timers read positions once a tick
    await t.advance(60_000);
    const created = await d.waitForEvent((e) => e.type === 'assignment:created' && e.actor.role === 'system');
    return created.type === 'assignment:created' ? created.data.officerId : '';
  }

  it('passes over the nearest officer with no device connected for one who is connected', async () => {
    const { d } = await critical(['pl-2', 'kp-1']);
    await connect(principals.officer('kp-1'));
    expect(await replacement(d)).toBe('kp-1');
  });

  it('counts a fresh fix that came through another node as connected, and ranks it before a guess from the post', async () => {
    const { d } = await critical(['tm-1', 'kp-1']);
    await connect(principals.officer('kp-1')); // connected here, nearer, but no fix: estimated from Kỳ Phú's post
    // tm-1's phone is on another node: only its fix (shared between nodes) shows it, out at Thạnh Minh.
    await telemetry.record(fix('tm-1', 'thanh-minh', t.clock.now()));
    expect(await replacement(d)).toBe('tm-1');
  });

  it('does not count a fix older than two minutes as connected', async () => {
    const { d } = await critical(['tm-1', 'kp-1']);
    await connect(principals.officer('kp-1'));
    await telemetry.record(fix('tm-1', 'thanh-minh', t.clock.now() - RECENT_FIX_MS));
    expect(await replacement(d)).toBe('kp-1');
  });
});
