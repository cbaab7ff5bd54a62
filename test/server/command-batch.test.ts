// decideBatch (server/command-batch.ts) on plain states, without the engine or the log: each job sees the
// state the ones before it leave, a command id twice in one batch is answered as the first, a refused
// command changes nothing for the next, and a timer plan sees the drafts decided before it.
import { describe, expect, it } from 'vitest';
import { CommandSchema, type CommandInput } from '../../shared/commands';
import type { Actor, DispatchState } from '../../shared/domain';
import type { EventBody } from '../../shared/events';
import { initialState } from '../../shared/reducer';
import { decideBatch, type BatchContext, type Job } from '../../server/command-batch';
import type { AppliedCommand } from '../../server/store/store';
import { principals } from '../support/test-auth';
import { seedCluster as cluster } from '../support/cluster-fixture';

const NOW = 1_800_000_000_000;
const dispatcher: Actor = { role: 'dispatcher', id: 'disp-1' };

function context(applied: Record<string, AppliedCommand> = {}): BatchContext {
  return { now: NOW, cluster, config: { assignmentDeadlineMs: 60_000 }, applied: (key) => applied[key] };
}

function command(id: string, input: Omit<CommandInput, 'id'>): Job {
  return {
    kind: 'command',
    principal: principals.dispatcher(),
    command: CommandSchema.parse({ id, ...input }),
    actor: dispatcher,
    key: `disp-1:${id}`,
  };
}

const raise = (id: string) =>
  command(id, { type: 'request:raise', data: { kind: 'theft', priority: 'normal', commune: 'ky-phu' } });
const onDuty = (id: string, officerId: string) =>
  command(id, { type: 'officer:set_duty', data: { duty: 'available', officerId } });

describe('decideBatch', () => {
  it('numbers each job’s drafts after the ones before it', () => {
    const base: DispatchState = initialState(cluster);
    const { drafts, outcomes } = decideBatch(base, [raise('cmd-1-aaaa'), raise('cmd-2-aaaa')], context());
    expect(outcomes).toEqual([
      { kind: 'accepted', from: 0, to: 1, ref: 'r1' },
      { kind: 'accepted', from: 1, to: 2, ref: 'r2' },
    ]);
    expect(drafts.map((d) => d.type === 'request:raised' && d.data.number)).toEqual([1, 2]);
  });

  it('a command id twice in one batch is decided once and answered as the first', () => {
    const { drafts, outcomes } = decideBatch(
      initialState(cluster),
      [raise('cmd-1-aaaa'), raise('cmd-1-aaaa')],
      context(),
    );
    expect(outcomes[1]).toEqual({ kind: 'same-as', index: 0 });
    expect(drafts).toHaveLength(1);
  });

  it('a command applied before the batch is answered with its first result, nothing decided', () => {
    const applied = { 'disp-1:cmd-1-aaaa': { commandId: 'cmd-1-aaaa', seq: 7, ref: 'r7' } };
    const { drafts, outcomes } = decideBatch(initialState(cluster), [raise('cmd-1-aaaa')], context(applied));
    expect(outcomes).toEqual([{ kind: 'duplicate', seq: 7, ref: 'r7' }]);
    expect(drafts).toEqual([]);
  });

  it('a refused command leaves the state as it was for the next one', () => {
    const jobs = [
      onDuty('cmd-1-aaaa', 'pl-1'),
      raise('cmd-2-aaaa'),
      // r99 does not exist: refused, and the next command's ids and seqs carry on from the raise.
      command('cmd-3-aaaa', { type: 'assignment:assign', data: { requestId: 'r99', officerId: 'pl-1' } }),
      command('cmd-4-aaaa', { type: 'assignment:assign', data: { requestId: 'r2', officerId: 'pl-1' } }),
    ];
    const { drafts, outcomes } = decideBatch(initialState(cluster), jobs, context());
    expect(outcomes[2]).toMatchObject({ kind: 'refused' });
    expect(outcomes[3]).toEqual({ kind: 'accepted', from: 2, to: 3, ref: 'a3' });
    expect(drafts.map((d) => d.type)).toEqual(['officer:duty_changed', 'request:raised', 'assignment:created']);
  });

  it('a timer plan sees the drafts decided before it, and its events are the system’s at the batch’s now', () => {
    const seen: string[][] = [];
    const plan: Job = {
      kind: 'system',
      plan: (state, now): EventBody[] => {
        seen.push(Object.keys(state.requests));
        return Object.values(state.requests).map((r) => ({
          type: 'request:unassigned_alert',
          data: { requestId: r.id, commune: r.commune, level: 1, waitedMs: now - r.raisedAt },
        }));
      },
    };
    const { drafts, outcomes } = decideBatch(initialState(cluster), [raise('cmd-1-aaaa'), plan], context());
    expect(seen).toEqual([['r1']]);
    expect(outcomes[1]).toEqual({ kind: 'accepted', from: 1, to: 2 });
    expect(drafts[1]).toMatchObject({ type: 'request:unassigned_alert', at: NOW, actor: { role: 'system' } });
  });
});
