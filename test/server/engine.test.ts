// The engine on a real journal in a temp dir, its store wrapped only to count the writes: a retried
// command whose first answer appended nothing is answered as the first time (and never decided afresh
// against a state that has moved on), a refusal is not remembered, and commands that arrive together are
// written with one store write (group commit), those arriving during a write with the next one.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CommandInput } from '../../shared/commands';
import type { CommandAck } from '../../shared/protocol';
import { FakeClock } from '../../server/clock';
import { testConfig, type ServerConfig } from '../../server/config';
import { Engine } from '../../server/engine';
import { JournalStore } from '../../server/store/journal-store';
import type { Store } from '../../server/store/store';
import { principals } from '../support/test-auth';
import { newCommandId } from '../support/test-client';
import { seedCluster } from '../support/cluster-fixture';

const cluster = seedCluster;
const officer = principals.officer('pl-1');
const dispatcher = principals.dispatcher();
const post = principals.post('phu-long');

/** A journal whose appends are counted (drafts per write) and can be held back to keep a write in flight. */
class CountedJournal implements Store {
  readonly kind = 'journal' as const;
  /** How many drafts each append call carried, in call order. */
  readonly writes: number[] = [];
  private held: Promise<void> | null = null;
  private release: () => void = () => undefined;
  /** Snapshots handed to the journal so far, and the gate that keeps them from being written. */
  snapshotsAsked = 0;
  private snapshotGate: Promise<void> | null = null;
  private openSnapshotGate: () => void = () => undefined;

  constructor(private readonly inner: JournalStore) {}

  /** Appends from now on wait until `letGo` is called. */
  hold(): void {
    this.held = new Promise((resolve) => (this.release = resolve));
  }

  letGo(): void {
    this.held = null;
    this.release();
  }

  /** Snapshots from now on are not written until `letSnapshotsGo` (a slow disk: megabytes to fsync). */
  holdSnapshots(): void {
    this.snapshotGate = new Promise((resolve) => (this.openSnapshotGate = resolve));
  }

  letSnapshotsGo(): void {
    this.snapshotGate = null;
    this.openSnapshotGate();
  }

  load: Store['load'] = () => this.inner.load();
  append: Store['append'] = async (expectedSeq, drafts) => {
    this.writes.push(drafts.length);
    await this.held;
    return this.inner.append(expectedSeq, drafts);
  };
  readAfter: Store['readAfter'] = (afterSeq, limit) => this.inner.readAfter(afterSeq, limit);
  saveSnapshot: Store['saveSnapshot'] = async (snapshot) => {
    this.snapshotsAsked += 1;
    await this.snapshotGate;
    return this.inner.saveSnapshot(snapshot);
  };
  // One writer per journal: nothing is ever appended elsewhere.
  onAppendedElsewhere: Store['onAppendedElsewhere'] = () => this.inner.onAppendedElsewhere();
  health: Store['health'] = () => this.inner.health();
  close: Store['close'] = () => this.inner.close();
}

let dir: string;
let store: CountedJournal;
let engine: Engine;

async function openEngine(config: Partial<ServerConfig> = {}): Promise<void> {
  store = new CountedJournal(new JournalStore(path.join(dir, 'journal')));
  engine = await Engine.open({
    store,
    clock: new FakeClock(),
    cluster,
    config: testConfig({ dataDir: dir, ...config }),
  });
}

beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'grd-engine-'));
  await openEngine();
});

afterEach(async () => {
  await engine.close();
  await store.close();
  await fs.rm(dir, { recursive: true, force: true });
});

const command = (input: Omit<CommandInput, 'id'>): CommandInput => ({ id: newCommandId(), ...input }) as CommandInput;
const seqOf = (ack: CommandAck): number => (ack.ok ? ack.seq : -1);

/** Lets the engine's queue run until `done` holds (its steps are promise callbacks, not timers). */
async function settle(done: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !done(); i++) await new Promise((resolve) => setImmediate(resolve));
  expect(done()).toBe(true);
}

describe('dedup of commands that append nothing', () => {
  it('a retry of a no-op answers as the first time, even after the state moved on', async () => {
    const onDuty = command({ type: 'officer:set_duty', data: { duty: 'available' } });
    expect(await engine.handle(officer, onDuty)).toEqual({ ok: true, seq: 1 });
    // Already on duty: acknowledged with no event.
    const noOp = command({ type: 'officer:set_duty', data: { duty: 'available' } });
    expect(await engine.handle(officer, noOp)).toEqual({ ok: true, seq: 1 });
    expect(await engine.handle(officer, command({ type: 'officer:set_duty', data: { duty: 'off_duty' } }))).toEqual({
      ok: true,
      seq: 2,
    });
    // The phone did not get the no-op's ack and sends it again: decided afresh it would put the officer
    // back on duty; it is the same command, so it is answered as before and changes nothing.
    expect(await engine.handle(officer, noOp)).toEqual({ ok: true, seq: 1, duplicate: true });
    expect(engine.state.officers['pl-1']?.duty).toBe('off_duty');
    expect(engine.state.seq).toBe(2);
    expect(store.writes).toEqual([1, 1]);
  });

  it('a refusal is not remembered: the retry is decided again and may now be accepted', async () => {
    await engine.handle(officer, command({ type: 'officer:set_duty', data: { duty: 'available' } }));
    const raised = await engine.handle(
      post,
      command({ type: 'request:raise', data: { kind: 'fire', priority: 'high' } }),
    );
    const requestId = raised.ok ? (raised.ref ?? '') : '';
    const assigned = await engine.handle(
      dispatcher,
      command({ type: 'assignment:assign', data: { requestId, officerId: 'pl-1' } }),
    );
    const offDuty = command({ type: 'officer:set_duty', data: { duty: 'off_duty' } });
    expect(await engine.handle(officer, offDuty)).toMatchObject({ ok: false, code: 'officer_busy' });
    const assignmentId = assigned.ok ? (assigned.ref ?? '') : '';
    await engine.handle(officer, command({ type: 'assignment:decline', data: { assignmentId, reason: '' } }));
    const head = engine.state.seq;
    expect(await engine.handle(officer, offDuty)).toEqual({ ok: true, seq: head + 1 });
    expect(engine.state.officers['pl-1']?.duty).toBe('off_duty');
  });
});

describe('group commit', () => {
  it('commands that arrive together are decided in turn and stored with one write', async () => {
    const acks = await Promise.all(
      Array.from({ length: 8 }, () =>
        engine.handle(post, command({ type: 'request:raise', data: { kind: 'other', priority: 'normal' } })),
      ),
    );
    expect(acks.map(seqOf)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(store.writes).toEqual([8]);
    // That one write holds them all: a fresh engine reads the eight back from the journal.
    await engine.close();
    await openEngine();
    expect(Object.keys(engine.state.requests)).toHaveLength(8);
  });

  it('commands arriving while a write is in flight go out together in the next write', async () => {
    store.hold();
    const first = engine.handle(post, command({ type: 'request:raise', data: { kind: 'fire', priority: 'high' } }));
    await settle(() => store.writes.length === 1);
    const rest = Array.from({ length: 5 }, () =>
      engine.handle(post, command({ type: 'request:raise', data: { kind: 'other', priority: 'normal' } })),
    );
    store.letGo();
    const acks = await Promise.all([first, ...rest]);
    expect(acks.map(seqOf)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(store.writes).toEqual([1, 5]);
  });
});

describe('snapshots beside the commands', () => {
  const dutyChange = (duty: 'available' | 'off_duty') => command({ type: 'officer:set_duty', data: { duty } });

  it('a snapshot still being written does not hold up the next command, and the next start reads it', async () => {
    await engine.close();
    await store.close();
    await openEngine({ snapshotEvery: 2 });
    store.holdSnapshots();
    await engine.handle(officer, dutyChange('available'));
    await engine.handle(officer, dutyChange('off_duty'));
    await settle(() => store.snapshotsAsked === 1);
    // The disk is still busy with the snapshot: the command after it is appended and acknowledged anyway.
    const next = engine.handle(officer, dutyChange('available'));
    const stuck = new Promise<'held up'>((resolve) => setTimeout(() => resolve('held up'), 2000));
    expect(await Promise.race([next, stuck])).toEqual({ ok: true, seq: 3 });
    store.letSnapshotsGo();
    await engine.close();
    await store.close();
    const reopened = await new JournalStore(path.join(dir, 'journal')).load();
    expect(reopened.snapshot?.seq).toBe(2);
    expect(reopened.events.map((e) => e.seq)).toEqual([3]);
    await openEngine();
    expect(engine.state.seq).toBe(3);
    expect(engine.state.officers['pl-1']?.duty).toBe('available');
  });

  it('snapshots are written one after the other, oldest first, and close waits for the last', async () => {
    await engine.close();
    await store.close();
    await openEngine({ snapshotEvery: 2 });
    store.holdSnapshots();
    for (const duty of ['available', 'off_duty', 'available', 'off_duty'] as const) {
      await engine.handle(officer, dutyChange(duty));
    }
    await settle(() => store.snapshotsAsked === 1);
    // The second waits for the first to be written; it is not handed to the store meanwhile.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(store.snapshotsAsked).toBe(1);
    store.letSnapshotsGo();
    await engine.close();
    expect(store.snapshotsAsked).toBe(2);
    await store.close();
    const reopened = await new JournalStore(path.join(dir, 'journal')).load();
    expect(reopened.snapshot?.seq).toBe(4);
    expect(reopened.events).toEqual([]);
    await openEngine();
  });
});
