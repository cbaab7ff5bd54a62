// Presence with two nodes sharing the Socket.IO Redis adapter (real Redis): a dispatcher sees the officers
// connected to the other node as soon as it connects, an officer with devices on both nodes stays online
// while one of them leaves, and a node whose question goes unanswered falls back to what it knows itself.
import { afterEach, describe, expect, it } from 'vitest';
import { principals } from '../support/test-auth';
import { eventually, type TestClient } from '../support/test-client';
import type { TestServer } from '../support/test-server';
import { adapterNodes, type AdapterNodes } from './support/adapter-nodes';
import { inspector } from './support/redis-test-env';

const isOnline = (c: TestClient, officerId: string) => c.presence.some((p) => p.officerId === officerId && p.online);
const offlines = (c: TestClient, officerId: string) => c.presence.filter((p) => p.officerId === officerId && !p.online);
/** Waits for `check`, sending the nodes' presence batches while it waits (each node has its own fake clock). */
const sent = (nodes: readonly TestServer[], check: () => boolean, timeoutMs?: number) =>
  eventually(() => {
    for (const n of nodes) n.flushPresence();
    return check();
  }, timeoutMs);

describe('presence across nodes', () => {
  // Each test on a prefix of its own.
  const nodeSets: AdapterNodes[] = [];
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const nodes of nodeSets.splice(0)) await nodes.close();
    for (const close of closers.splice(0)) await close();
  });
  const nodeSet = () => {
    const nodes = adapterNodes('presence');
    nodeSets.push(nodes);
    return nodes;
  };

  it('a dispatcher connecting to node B is told at once about an officer connected to node A', async () => {
    const { node, connect } = nodeSet();
    const a = await node('node-a');
    const b = await node('node-b');
    await connect(a, principals.officer('pl-1'));
    const d = await connect(b, principals.dispatcher());
    await eventually(() => isOnline(d, 'pl-1'));
    expect(b.server.presence.isLocal('pl-1')).toBe(false);
    // Only the officer who is connected somewhere.
    expect(d.presence.filter((p) => p.online).map((p) => p.officerId)).toEqual(['pl-1']);
  });

  it('an officer connected to both nodes stays online when one device leaves, and goes offline with the last', async () => {
    const { node, connect } = nodeSet();
    const a = await node('node-a');
    const b = await node('node-b');
    const d = await connect(b, principals.dispatcher());
    const onA = await connect(a, principals.officer('pl-1'));
    await sent([a], () => isOnline(d, 'pl-1'));
    const onB = await connect(b, principals.officer('pl-1'));
    onA.close();
    // Node A asks node B before saying "offline", and learns the officer is still there.
    await eventually(() => a.server.presence.lastSeenElsewhere('pl-1') !== null);
    // A's broadcasts reach B in the order A sent them: once another officer's "online" from A has
    // arrived (in the same batch or a later one), an "offline" for pl-1 put in A's batch before it would have too.
    await connect(a, principals.officer('pl-2'));
    await sent([a], () => isOnline(d, 'pl-2'));
    expect(offlines(d, 'pl-1')).toEqual([]);
    // A dispatcher connecting to node A now also sees the officer who is only on B.
    const dOnA = await connect(a, principals.dispatcher('second-desk'));
    await eventually(() => isOnline(dOnA, 'pl-1'));

    onB.close();
    await sent([a, b], () => offlines(d, 'pl-1').length > 0);
    await sent([a, b], () => offlines(dOnA, 'pl-1').length > 0);
    // And only once, by the node that had the last device.
    await connect(b, principals.officer('pl-3'));
    await sent([a, b], () => isOnline(d, 'pl-3') && isOnline(dOnA, 'pl-3'));
    expect(offlines(d, 'pl-1')).toHaveLength(1);
    expect(offlines(dOnA, 'pl-1')).toHaveLength(1);
  }, 30_000);

  it('when another node does not answer, a node goes by its own sockets', async () => {
    const { prefix, node, connect } = nodeSet();
    const a = await node('node-a');
    // Something subscribed to the adapter's request channel that never answers: a node that hangs.
    const silent = await inspector();
    closers.push(async () => {
      silent.destroy();
    });
    await silent.subscribe(`${prefix}socket.io-request#/#`, () => undefined);
    const d = await connect(a, principals.dispatcher());
    const officer = await connect(a, principals.officer('pl-1'));
    await sent([a], () => isOnline(d, 'pl-1'));
    officer.close();
    // The question times out and the offline goes out all the same.
    await sent([a], () => offlines(d, 'pl-1').length === 1, 15_000);
    expect(a.server.presence.lastSeenElsewhere('pl-1')).toBeNull();
  }, 30_000);
});
