// The `presence` frames are batched (server/presence/presence-batch.ts): officers connecting at once reach
// a dispatcher in one array, a dispatcher's first list is one frame, and an officer that goes and comes
// back within one batch window is sent once, as it is now. Real sockets, the fake clock drives the batch.
import { beforeEach, describe, expect, it } from 'vitest';
import { PRESENCE_BATCH_MS } from '../../server/presence/presence-batch';
import { principals } from '../support/test-auth';
import { eventually, type TestClient } from '../support/test-client';
import type { TestServer } from '../support/test-server';
import { serverPerTest } from '../support/server-per-test';

/** More officers than the seed cluster has: presence goes by the token's officer id, not the cluster. */
const OFFICERS = Array.from({ length: 30 }, (_, i) => `batch-${i + 1}`);

describe('presence frames are batched', () => {
  const server = serverPerTest();
  const { connect } = server;
  let t: TestServer;
  beforeEach(async () => {
    t = await server.start();
  });

  /** A round trip on the dispatcher's socket: whatever the server sent it before has arrived. */
  const settled = async (d: TestClient) => {
    expect(await d.sync(t.seq())).toMatchObject({ ok: true });
  };
  const connectOfficers = () => Promise.all(OFFICERS.map((id) => connect(principals.officer(id))));
  const onlineIn = (updates: readonly { officerId: string; online: boolean }[]) =>
    updates.filter((u) => u.online).map((u) => u.officerId);

  it('30 officers connecting at once reach a connected dispatcher in one frame, all of them', async () => {
    const d = await connect(principals.dispatcher());
    await connectOfficers();
    // Nothing goes out before the batch window ends...
    await settled(d);
    expect(d.presenceFrames).toEqual([]);
    // ...and then one emit carries them all.
    t.clock.advance(PRESENCE_BATCH_MS);
    await eventually(() => d.presence.length === OFFICERS.length);
    await settled(d);
    expect(d.presenceFrames).toHaveLength(1);
    expect(onlineIn(d.presence).sort()).toEqual([...OFFICERS].sort());
    // A window with no change sends nothing.
    t.clock.advance(PRESENCE_BATCH_MS);
    await settled(d);
    expect(d.presenceFrames).toHaveLength(1);
  });

  it('a dispatcher connecting while 30 officers are online gets them in one frame', async () => {
    await connectOfficers();
    t.clock.advance(PRESENCE_BATCH_MS);
    const d = await connect(principals.dispatcher());
    await eventually(() => d.presenceFrames.length > 0);
    await settled(d);
    expect(d.presenceFrames).toHaveLength(1);
    expect(onlineIn(d.presenceFrames[0] ?? []).sort()).toEqual([...OFFICERS].sort());
  });

  it('a dispatcher connecting while no officer is online gets no presence frame', async () => {
    const d = await connect(principals.dispatcher());
    await settled(d);
    expect(d.presenceFrames).toEqual([]);
  });

  it('an officer that goes offline and back online within one batch window is sent once, as online again', async () => {
    const d = await connect(principals.dispatcher());
    const first = await connect(principals.officer('pl-1'));
    t.clock.advance(PRESENCE_BATCH_MS);
    await eventually(() => d.presenceFrames.length === 1);
    first.close();
    await eventually(() => !t.server.presence.isLocal('pl-1'));
    t.clock.advance(PRESENCE_BATCH_MS / 2);
    await connect(principals.officer('pl-1'));
    const backAt = t.clock.now();
    t.clock.advance(PRESENCE_BATCH_MS / 2);
    await eventually(() => d.presenceFrames.length === 2);
    await settled(d);
    expect(d.presenceFrames).toHaveLength(2);
    expect(d.presenceFrames[1]).toEqual([{ officerId: 'pl-1', online: true, since: backAt }]);
  });

  it('an officer that comes and goes within one batch window is sent once, as offline', async () => {
    const d = await connect(principals.dispatcher());
    const officer = await connect(principals.officer('pl-1'));
    officer.close();
    await eventually(() => !t.server.presence.isLocal('pl-1'));
    t.clock.advance(PRESENCE_BATCH_MS);
    await eventually(() => d.presenceFrames.length === 1);
    await settled(d);
    expect(d.presenceFrames).toEqual([
      [{ officerId: 'pl-1', online: false, since: t.clock.now() - PRESENCE_BATCH_MS }],
    ]);
  });

  it('what waits for the batch goes out when the server shuts down', async () => {
    const d = await connect(principals.dispatcher());
    await connect(principals.officer('pl-1'));
    // Sent before the sockets are closed, so it arrives ahead of the disconnect.
    const closing = t.server.close();
    await eventually(() => d.presenceFrames.length === 1);
    expect(onlineIn(d.presence)).toEqual(['pl-1']);
    await closing;
  });
});
