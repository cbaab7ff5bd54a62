// The handlers of one admitted socket: `command` (to the engine), `sync` (sync-policy.ts),
// `position:report` (telemetry), `position:trail` (trail-socket.ts); presence's `disconnect` is in socket.ts.
// Each runs behind onGuarded, so an exception is logged and answered `internal`, never fatal.
import { describeIssues } from '../../shared/cluster';
import type { Principal } from '../../shared/domain';
import { ErrorCode, SyncRequestSchema, type Ack, type CommandAck, type SyncAck } from '../../shared/protocol';
import type { Clock } from '../clock';
import { refuse } from '../domain/refusal';
import type { Engine } from '../engine';
import type { PositionStore } from '../positions';
import type { Presence } from '../presence/presence';
import type { DispatchSocket } from '../socket';
import { syncFor } from '../sync-policy';
import type { FixIntake } from '../telemetry/fix-intake';
import { attachTrailHandler } from '../trail-socket';
import { onGuarded, replier } from './handshake';

export interface HandlerDeps {
  engine: Engine;
  clock: Clock;
  positions: PositionStore;
  /** Where position reports go: checked, coalesced, written in batches, shed when overloaded. */
  fixes: FixIntake;
  presence: Presence;
}

export function attachHandlers(socket: DispatchSocket, principal: Principal, deps: HandlerDeps): void {
  const { engine } = deps;

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
    deps.fixes.report(principal, report, replier<Ack>(ack));
  });

  attachTrailHandler(socket, principal, { positions: deps.positions, state: () => engine.state });
}
