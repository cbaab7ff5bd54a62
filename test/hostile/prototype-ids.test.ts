// Every command with every id field set to each name a plain object answers to (`__proto__`,
// `constructor`, `toString` …) and to other odd strings: each is refused bad_request before it reaches
// the domain, nothing is appended, and the server restarts cleanly on the same journal.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMAND_TYPES, type CommandType } from '../../shared/commands';
import type { DispatchState } from '../../shared/domain';
import { principals } from '../support/test-auth';
import { ackRef, connectAs, newCommandId, untyped, type TestClient } from '../support/test-client';
import { startTestServer, type TestServer } from '../support/test-server';

const PROTOTYPE_NAMES = [
  ...Object.getOwnPropertyNames(Object.prototype),
  ...Object.getOwnPropertyNames(Function.prototype),
  'prototype',
];
const ODD = ['', ' ', 'r0', 'r01', 'r1 ', ' r1', 'R1', 'r1\u0000', 'r\uff11', 'r1e3', 'r-1', 'r1.5', 'pl-1\n', '../r1'];
ODD.push('r'.padEnd(70, '9'), 'PL-1', 'pl_1', 'phu long', '\u202ephu-long', 'a1\u200b', '{}', 'null', 'undefined');

/** A valid command of each type for the dispatcher, and which of its data fields hold ids. */
function baseline(requestId: string, assignmentId: string): Record<CommandType, { data: object; ids: string[] }> {
  return {
    'request:raise': { data: { kind: 'fire', priority: 'high', commune: 'ky-phu' }, ids: ['commune'] },
    'request:cancel': { data: { requestId }, ids: ['requestId'] },
    'request:resolve': { data: { requestId, outcome: 'handled' }, ids: ['requestId'] },
    'request:note': { data: { requestId, text: 'ghi chú' }, ids: ['requestId'] },
    'assignment:assign': { data: { requestId, officerId: 'kp-2' }, ids: ['requestId', 'officerId'] },
    'assignment:unassign': { data: { assignmentId }, ids: ['assignmentId'] },
    'assignment:accept': { data: { assignmentId }, ids: ['assignmentId'] },
    'assignment:decline': { data: { assignmentId }, ids: ['assignmentId'] },
    'assignment:advance': { data: { assignmentId, status: 'en_route' }, ids: ['assignmentId'] },
    'officer:set_duty': { data: { duty: 'available', officerId: 'kp-3' }, ids: ['officerId'] },
    'request:mark_seen': { data: { requestId }, ids: ['requestId'] },
    'assignment:mark_delivered': { data: { assignmentId }, ids: ['assignmentId'] },
    'assignment:confirm_safe': { data: { assignmentId }, ids: ['assignmentId'] },
    'officer:sos': { data: {}, ids: [] },
    'officer:sos_safe': { data: { requestId }, ids: ['requestId'] },
    'officer:sos_close': { data: { requestId, outcome: 'handled' }, ids: ['requestId'] },
  };
}

describe('ids that name prototype members', () => {
  let t: TestServer;
  let dispatcher: TestClient;
  let officer: TestClient;
  let commands: ReturnType<typeof baseline>;
  beforeAll(async () => {
    t = await startTestServer();
    dispatcher = await connectAs(t, principals.dispatcher());
    officer = await connectAs(t, principals.officer('kp-1'));
    const raised = await dispatcher.command({
      type: 'request:raise',
      data: { kind: 'fire', priority: 'high', commune: 'ky-phu' },
    });
    await dispatcher.command({ type: 'officer:set_duty', data: { officerId: 'kp-1', duty: 'available' } });
    const assigned = await dispatcher.command({
      type: 'assignment:assign',
      data: { requestId: ackRef(raised), officerId: 'kp-1' },
    });
    commands = baseline(ackRef(raised), ackRef(assigned));
  });
  afterAll(async () => {
    dispatcher.close();
    officer.close();
    await t.stop();
  });

  it('every command, every id field, every such name: bad_request, nothing appended, a clean restart', async () => {
    const before = t.seq();
    const stateBefore: DispatchState = t.server.engine.state;
    let tried = 0;
    for (const type of COMMAND_TYPES) {
      const { data, ids } = commands[type];
      for (const field of ['id', ...ids]) {
        // "undefined" or "null" is a fine command id (8–64 url-safe characters); odd only as a record id.
        const odd = field === 'id' ? ODD.filter((v) => !/^[A-Za-z0-9_-]{8,64}$/.test(v)) : ODD;
        for (const name of [...PROTOTYPE_NAMES, ...odd]) {
          const command =
            field === 'id' ? { id: name, type, data } : { id: newCommandId(), type, data: { ...data, [field]: name } };
          // The officer too: its own-scope checks must never see these ids either.
          for (const client of [dispatcher, officer]) {
            const ack: unknown = await untyped(client.socket).emitWithAck('command', command);
            // A prototype name never gets past the schema; an odd string of a cluster id's shape may pass it
            // and is then refused by the domain (not_found, or forbidden for the officer).
            const label = `${client === officer ? 'officer' : 'dispatcher'} ${type} ${field}=${JSON.stringify(name)}`;
            if (PROTOTYPE_NAMES.includes(name)) expect(ack, label).toMatchObject({ ok: false, code: 'bad_request' });
            else expect(ack, label).toMatchObject({ ok: false });
            tried++;
          }
        }
      }
    }
    expect(tried).toBeGreaterThan(1000);
    expect(t.seq()).toBe(before);
    t = await t.restart();
    expect(t.seq()).toBe(before);
    expect(t.server.engine.state).toEqual(stateBefore);
    dispatcher = await connectAs(t, principals.dispatcher());
    officer = await connectAs(t, principals.officer('kp-1'));
  }, 180_000); // thousands of sequential round trips: give a loaded machine room
});
