// Every command × every role over a real socket: allowed ones work, the others are refused with the
// right code and append nothing.
import { beforeEach, describe, expect, it } from 'vitest';
import type { CommandInput } from '../../shared/commands';
import type { Principal } from '../../shared/domain';
import type { ErrorCode } from '../../shared/protocol';
import { principals } from '../support/test-auth';
import type { TestClient } from '../support/test-client';
import type { TestServer } from '../support/test-server';
import { serverPerTest } from '../support/server-per-test';

type Fixture = { requestId: string; assignmentId: string };
type Setup = 'request' | 'pending' | 'accepted';
type Body = Omit<CommandInput, 'id'>;

const roles: Record<string, Principal> = {
  dispatcher: principals.dispatcher(),
  'own post': principals.post('phu-long'),
  'other post': principals.post('ky-phu'),
  'own officer': principals.officer('pl-1'),
  'other officer': principals.officer('pl-2'),
};

interface Case {
  setup: Setup;
  command: (f: Fixture) => Body;
  /** 'ok' or the refusal code, per role name. */
  expected: Record<keyof typeof roles, 'ok' | ErrorCode>;
}

const cases: Record<string, Case> = {
  'request:raise': {
    setup: 'request',
    command: () => ({ type: 'request:raise', data: { kind: 'fire', priority: 'high', commune: 'phu-long' } }),
    expected: {
      dispatcher: 'ok',
      'own post': 'ok',
      'other post': 'out_of_scope',
      'own officer': 'forbidden',
      'other officer': 'forbidden',
    },
  },
  'request:cancel': {
    setup: 'request',
    command: (f) => ({ type: 'request:cancel', data: { requestId: f.requestId, reason: 'nhầm' } }),
    expected: {
      dispatcher: 'ok',
      'own post': 'ok',
      'other post': 'out_of_scope',
      'own officer': 'forbidden',
      'other officer': 'forbidden',
    },
  },
  'request:resolve': {
    setup: 'accepted',
    command: (f) => ({ type: 'request:resolve', data: { requestId: f.requestId, outcome: 'handled' } }),
    expected: {
      dispatcher: 'ok',
      'own post': 'forbidden',
      'other post': 'forbidden',
      'own officer': 'forbidden',
      'other officer': 'forbidden',
    },
  },
  'request:note': {
    setup: 'request',
    command: (f) => ({ type: 'request:note', data: { requestId: f.requestId, text: 'Có 3 đối tượng' } }),
    expected: {
      dispatcher: 'ok',
      'own post': 'ok',
      'other post': 'out_of_scope',
      'own officer': 'forbidden',
      'other officer': 'forbidden',
    },
  },
  'assignment:assign': {
    setup: 'request',
    command: (f) => ({ type: 'assignment:assign', data: { requestId: f.requestId, officerId: 'pl-1' } }),
    expected: {
      dispatcher: 'ok',
      'own post': 'forbidden',
      'other post': 'forbidden',
      'own officer': 'forbidden',
      'other officer': 'forbidden',
    },
  },
  'assignment:unassign': {
    setup: 'pending',
    command: (f) => ({ type: 'assignment:unassign', data: { assignmentId: f.assignmentId } }),
    expected: {
      dispatcher: 'ok',
      'own post': 'forbidden',
      'other post': 'forbidden',
      'own officer': 'forbidden',
      'other officer': 'forbidden',
    },
  },
  'assignment:accept': {
    setup: 'pending',
    command: (f) => ({ type: 'assignment:accept', data: { assignmentId: f.assignmentId } }),
    expected: {
      dispatcher: 'forbidden',
      'own post': 'forbidden',
      'other post': 'forbidden',
      'own officer': 'ok',
      'other officer': 'out_of_scope',
    },
  },
  'assignment:decline': {
    setup: 'pending',
    command: (f) => ({ type: 'assignment:decline', data: { assignmentId: f.assignmentId, reason: 'xa quá' } }),
    expected: {
      dispatcher: 'forbidden',
      'own post': 'forbidden',
      'other post': 'forbidden',
      'own officer': 'ok',
      'other officer': 'out_of_scope',
    },
  },
  'assignment:advance': {
    setup: 'accepted',
    command: (f) => ({ type: 'assignment:advance', data: { assignmentId: f.assignmentId, status: 'en_route' } }),
    expected: {
      dispatcher: 'ok',
      'own post': 'forbidden',
      'other post': 'forbidden',
      'own officer': 'ok',
      'other officer': 'out_of_scope',
    },
  },
  'officer:set_duty': {
    setup: 'request',
    command: () => ({ type: 'officer:set_duty', data: { duty: 'off_duty', officerId: 'pl-1' } }),
    expected: {
      dispatcher: 'ok',
      'own post': 'forbidden',
      'other post': 'forbidden',
      'own officer': 'ok',
      'other officer': 'out_of_scope',
    },
  },
  'request:mark_seen': {
    setup: 'request',
    command: (f) => ({ type: 'request:mark_seen', data: { requestId: f.requestId } }),
    expected: {
      dispatcher: 'ok',
      'own post': 'forbidden',
      'other post': 'forbidden',
      'own officer': 'forbidden',
      'other officer': 'forbidden',
    },
  },
  'assignment:mark_delivered': {
    setup: 'pending',
    command: (f) => ({ type: 'assignment:mark_delivered', data: { assignmentId: f.assignmentId } }),
    expected: {
      dispatcher: 'forbidden',
      'own post': 'forbidden',
      'other post': 'forbidden',
      'own officer': 'ok',
      'other officer': 'out_of_scope',
    },
  },
  'assignment:confirm_safe': {
    setup: 'accepted',
    command: (f) => ({ type: 'assignment:confirm_safe', data: { assignmentId: f.assignmentId } }),
    expected: {
      dispatcher: 'ok',
      'own post': 'forbidden',
      'other post': 'forbidden',
      'own officer': 'ok',
      'other officer': 'out_of_scope',
    },
  },
};

describe('every command × every role', () => {
  const server = serverPerTest();
  const { connect } = server;
  let t: TestServer;
  let dispatcher: TestClient;
  beforeEach(async () => {
    t = await server.start();
    dispatcher = await connect(principals.dispatcher('setup'));
  });

  async function prepare(setup: Setup): Promise<Fixture> {
    await dispatcher.command({ type: 'officer:set_duty', data: { duty: 'available', officerId: 'pl-1' } });
    const raised = await dispatcher.command({
      type: 'request:raise',
      data: { kind: 'fight', priority: 'high', commune: 'phu-long' },
    });
    const requestId = raised.ok ? (raised.ref ?? '') : '';
    if (setup === 'request') return { requestId, assignmentId: '' };
    const assigned = await dispatcher.command({ type: 'assignment:assign', data: { requestId, officerId: 'pl-1' } });
    const assignmentId = assigned.ok ? (assigned.ref ?? '') : '';
    if (setup === 'accepted') {
      const officer = await connect(principals.officer('pl-1'));
      await officer.command({ type: 'assignment:accept', data: { assignmentId } });
    }
    return { requestId, assignmentId };
  }

  for (const [type, c] of Object.entries(cases)) {
    for (const [roleName, principal] of Object.entries(roles)) {
      const expected = c.expected[roleName];
      const title =
        expected === 'ok'
          ? `${roleName} may ${type}`
          : `${roleName} is refused ${type} with ${expected} and nothing is appended`;
      it(title, async () => {
        const fixture = await prepare(c.setup);
        const client = await connect(principal);
        const before = t.seq();
        const ack = await client.command(c.command(fixture));
        if (expected === 'ok') {
          expect(ack).toMatchObject({ ok: true });
          expect(t.seq()).toBeGreaterThan(before);
          expect(ack.ok && ack.seq).toBe(t.seq());
        } else {
          expect(ack).toMatchObject({ ok: false, code: expected, message: expect.any(String) });
          expect(t.seq()).toBe(before);
        }
      });
    }
  }
});
