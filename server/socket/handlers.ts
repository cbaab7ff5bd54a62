// The handlers of one admitted socket: `command` (to the engine), `sync` (sync-policy.ts),
// `position:report` (telemetry), `position:trail` (trail-socket.ts), and `disconnect` (presence).
// Each runs behind onGuarded, so an exception is logged and answered `internal`, never fatal.
import { PositionReportSchema } from '../../shared/commands';
import { describeIssues } from '../../shared/cluster';
import type { Principal } from '../../shared/domain';
import { ErrorCode, SyncRequestSchema, type Ack, type CommandAck, type SyncAck } from '../../shared/protocol';
import type { Clock } from '../clock';
import { refuse } from '../domain/refusal';
import type { Engine } from '../engine';
import type { PositionBatcher, PositionStore } from '../positions';
import type { Presence } from '../presence/presence';
import type { DispatchSocket } from '../socket';
import { syncFor } from '../sync-policy';
import { attachTrailHandler } from '../trail-socket';
import type { ValueChecks } from '../value-checks';
import { onGuarded, replier } from './handshake';

export interface HandlerDeps {
  engine: Engine;
  clock: Clock;
  positions: PositionStore;
  batcher: PositionBatcher;
  /** Plausibility of a position report (time, place). */
  values: ValueChecks;
  presence: Presence;
}

export function attachHandlers(socket: DispatchSocket, principal: Principal, deps: HandlerDeps): void {
  const { engine, clock } = deps;

  onGuarded(socket, 'command', (command: unknown, ack: unknown) => {
    const reply = replier<CommandAck>(ack);
    engine.handle(principal, command).then(reply, (error: unknown) => {
      console.error('socket: command failed', error);
      reply(refuse(ErrorCode.Internal, 'internal error'));
    });
  });

  onGuarded(socket, 'sync', (request: unknown, ack: unknown) => {
    const reply = replier<SyncAck>(ack);
    const parsed = SyncRequestSchema.safeParse(request);
    if (!parsed.success) {
      reply(refuse(ErrorCode.BadRequest, describeIssues(parsed.error)));
      return;
    }
    syncFor(principal, parsed.data.lastSeq, parsed.data.snapshot === true, deps).then(reply, (error: unknown) => {
      console.error('socket: sync failed', error);
      reply(refuse(ErrorCode.Internal, 'internal error'));
    });
  });

  onGuarded(socket, 'position:report', (report: unknown, ack: unknown) => {
    const reply = replier<Ack>(ack);
    if (principal.role !== 'officer' || !principal.officerId) {
      reply(refuse(ErrorCode.Forbidden, 'only officers report positions'));
      return;
    }
    const parsed = PositionReportSchema.safeParse(report);
    if (!parsed.success) {
      reply(refuse(ErrorCode.BadRequest, describeIssues(parsed.error)));
      return;
    }
    const implausible = deps.values.position(parsed.data, clock.now());
    if (implausible) {
      console.warn(`socket: refused a position from ${principal.accountId}: ${implausible}`);
      reply(refuse(ErrorCode.BadRequest, implausible));
      return;
    }
    const position = { ...parsed.data, officerId: principal.officerId, receivedAt: clock.now() };
    deps.positions.record(position).then(
      () => {
        deps.batcher.add(position);
        reply({ ok: true });
      },
      (error: unknown) => {
        console.error('socket: could not record a position', error);
        reply(refuse(ErrorCode.Internal, 'position not recorded'));
      },
    );
  });

  attachTrailHandler(socket, principal, { positions: deps.positions, state: () => engine.state });

  socket.on('disconnect', () => {
    const officerId = principal.role === 'officer' ? principal.officerId : undefined;
    if (officerId) deps.presence.officerDisconnected(officerId);
  });
}
