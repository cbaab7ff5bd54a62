// The demo simulator against a real server: real HTTP logins with the demo accounts and real
// Socket.IO clients. Rates are turned up so a whole request lifecycle fits in a few seconds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isActiveAssignment } from '../../shared/domain';
import { isInsideArea } from '../../simulator/area-points';
import { defaultSimulatorOptions, parseRange, simulatorOptionsFromEnv } from '../../simulator/options';
import { startSimulator, type RunningSimulator } from '../../simulator/simulator';
import { cluster, startBrowserServer, type BrowserServer } from '../browser/browser-server';

const WAIT = { timeout: 40_000, interval: 250 };

describe('demo simulator', () => {
  let server: BrowserServer;
  let sim: RunningSimulator;

  beforeAll(async () => {
    server = await startBrowserServer({ assignmentDeadlineMs: 30_000 });
    sim = await startSimulator({
      ...defaultSimulatorOptions(server.url),
      officers: 6,
      posts: 2,
      offDutyShare: 0,
      acceptProbability: 1,
      autoDispatchAfterMs: 0,
      requestEveryMs: { min: 300, max: 600 },
      maxOpenPerPost: 1,
      positionEveryMs: { min: 150, max: 300 },
      patrolSpeedKmh: 200,
      responseSpeedKmh: 20_000,
      waypointPauseMs: { min: 0, max: 100 },
      answerDelayMs: { min: 100, max: 300 },
      setOffDelayMs: { min: 100, max: 200 },
      onSceneMs: { min: 200, max: 400 },
      seed: 42,
      log: () => {},
    });
  });

  afterAll(async () => {
    sim?.stop();
    await server?.stop();
  });

  it('logs in officers and posts over HTTP and puts the officers on duty over real sockets', async () => {
    await expect
      .poll(() => Object.values(server.server.engine.state.officers).filter((o) => o.duty === 'available').length, WAIT)
      .toBe(6);
    expect(sim.officers).toHaveLength(6);
    expect(sim.posts.map((p) => p.commune)).toEqual(['phu-long', 'ky-phu']);
  });

  it('posts raise requests that officers accept, reach and leave, and the stand-in dispatcher closes', async () => {
    await expect
      .poll(
        () => Object.values(server.server.engine.state.requests).filter((r) => r.status === 'resolved').length,
        WAIT,
      )
      .toBeGreaterThan(0);
    const state = server.server.engine.state;
    const resolved = Object.values(state.requests).find((r) => r.status === 'resolved');
    const types = resolved?.timeline.map((e) => (e.detail ? `${e.type}:${e.detail}` : e.type)) ?? [];
    expect(types).toEqual(
      expect.arrayContaining([
        'request:raised',
        'assignment:created',
        'assignment:accepted',
        'assignment:progressed:en_route',
        'assignment:progressed:on_scene',
        'assignment:progressed:released',
        'request:resolved:handled',
      ]),
    );
    expect(['phu-long', 'ky-phu']).toContain(resolved?.commune);
    expect(sim.stats.commandsOk).toBeGreaterThan(0);
  });

  it('officer bots report each assignment delivered to their phone before answering it, as the app does', async () => {
    // Answered assignments were certainly received by a bot's phone.
    const answered = () =>
      Object.values(server.server.engine.state.assignments).filter(
        (a) => a.acceptedAt !== null || a.status === 'declined',
      );
    await expect.poll(() => answered().length, WAIT).toBeGreaterThan(0);
    for (const a of answered()) {
      expect(a.deliveredAt, a.id).toEqual(expect.any(Number));
      expect(a.deliveredAt!).toBeLessThanOrEqual(a.acceptedAt ?? a.endedAt!);
    }
  });

  it('raises each request at a point inside the post’s own commune area', () => {
    const requests = Object.values(server.server.engine.state.requests);
    expect(requests.length).toBeGreaterThan(0);
    for (const r of requests) {
      const area = cluster.areas.features.find((f) => f.properties.commune === r.commune);
      if (!area) throw new Error(`no area for ${r.commune}`);
      expect(r.locationSource).toBe('point');
      expect(isInsideArea(r.location, area)).toBe(true);
    }
  });

  it('reports officer positions that the server keeps', async () => {
    await expect.poll(() => sim.stats.positionsOk, WAIT).toBeGreaterThan(6);
    // No officer is left holding an assignment on a closed request.
    const state = server.server.engine.state;
    for (const a of Object.values(state.assignments).filter(isActiveAssignment)) {
      expect(['open', 'dispatched']).toContain(state.requests[a.requestId]?.status);
    }
  });
});

describe('simulator options', () => {
  it('reads demo settings from the environment', () => {
    const o = simulatorOptionsFromEnv('http://x', { DEMO_AUTO_DISPATCH_S: '0', DEMO_REQUEST_EVERY_S: '30-90' });
    expect(o.dispatcherUsername).toBeNull();
    expect(o.requestEveryMs).toEqual({ min: 30_000, max: 90_000 });
    expect(parseRange('45')).toEqual({ min: 45, max: 45 });
    expect(parseRange('9-3')).toBeNull();
    expect(parseRange('soon')).toBeNull();
  });
});
