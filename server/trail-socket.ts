// `position:trail`: a dispatcher's console asks for an officer's recent fixes (the stored trail) to
// draw its live track, e.g. when an SOS comes in; the fixes that follow arrive in the usual batches.
// Shape, size and rate limits are checked before, by the socket's admission (socket-admission.ts).
import type { Socket } from 'socket.io';
import { describeIssues } from '../shared/cluster';
import type { DispatchState, Principal } from '../shared/domain';
import { ErrorCode, TrailRequestSchema, type TrailAck } from '../shared/protocol';
import { refuse } from './domain/refusal';
import type { PositionStore } from './positions';

export function attachTrailHandler(
  socket: Pick<Socket, 'on'>,
  principal: Principal,
  deps: { positions: PositionStore; state: () => DispatchState },
): void {
  socket.on('position:trail', (request: unknown, ack: unknown) => {
    const reply = (result: TrailAck) => {
      if (typeof ack === 'function') (ack as (r: TrailAck) => void)(result);
    };
    if (principal.role !== 'dispatcher') return reply(refuse(ErrorCode.Forbidden, 'only dispatchers read trails'));
    const parsed = TrailRequestSchema.safeParse(request);
    if (!parsed.success) return reply(refuse(ErrorCode.BadRequest, describeIssues(parsed.error)));
    const { officerId } = parsed.data;
    if (!Object.hasOwn(deps.state().officers, officerId)) {
      return reply(refuse(ErrorCode.NotFound, `no officer ${officerId}`));
    }
    deps.positions.trail(officerId).then(
      (trail) => reply({ ok: true, trail }),
      (error: unknown) => {
        console.error('socket: could not read a trail', error);
        reply(refuse(ErrorCode.Internal, 'trail not available'));
      },
    );
  });
}
