// Plain event logs for the pure tests (reducer, suggestions, escalation rules): the cluster file as
// shipped, a raised request with the fields those tests do not vary, and the journal's numbering.
import { readFileSync } from 'node:fs';
import { ClusterSchema } from '../../shared/cluster';
import type { Actor } from '../../shared/domain';
import type { DispatchEvent, EventBody } from '../../shared/events';

export const shippedCluster = ClusterSchema.parse(JSON.parse(readFileSync('server/data/cluster.json', 'utf8')));

type RaisedData = Extract<EventBody, { type: 'request:raised' }>['data'];

/** request #1 raised from its post's location: a critical fight, one responder wanted, no note. */
export function raisedBody(
  data: Pick<RaisedData, 'requestId' | 'commune' | 'location'> & Partial<RaisedData>,
): EventBody {
  return {
    type: 'request:raised',
    data: {
      number: 1,
      kind: 'fight',
      priority: 'critical',
      locationSource: 'post',
      note: '',
      respondersWanted: 1,
      clientSentAt: null,
      ...data,
    },
  };
}

/** Numbers events as the journal would: seq 1, 2, 3 …, `at` one second apart from 1000 ms. */
export function numbered(entries: readonly (readonly [Actor, EventBody])[]): DispatchEvent[] {
  return entries.map(([actor, body], i) => ({ seq: i + 1, at: 1000 * (i + 1), actor, commandId: null, ...body }));
}
