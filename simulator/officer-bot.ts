// A simulated officer's phone: goes on duty, patrols between random points of its commune, reports its
// position every few seconds, answers assignments after a human delay (accepting most), then drives to
// the request, reports en route / on scene / done at plausible times and goes back on patrol. Like a
// phone (it runs the phone's client core), it reports each assignment delivered as soon as it has it (the
// post sees "đã đến máy cán bộ").
import { startDeliveryReceipts } from '../client/net/receipts';
import type { AreaFeature, LatLon } from '../shared/cluster';
import { isActiveAssignment, type Assignment } from '../shared/domain';
import type { Clock, TimerHandle } from '../server/clock';
import { bearingDegrees, randomPointInArea, stepToward } from './area-points';
import type { SimulatorOptions } from './options';
import { between, chance, type Rng } from './random';
import type { SimSession } from './sim-session';
import { ownRecord } from '../shared/ids';

export class OfficerBot {
  private position: LatLon;
  private waypoint: LatLon;
  private pausedUntil = 0;
  private lastMoveAt: number;
  private readonly done = new Set<string>();
  private readonly timers = new Set<TimerHandle>();
  private stopped = false;
  onDuty = false;

  constructor(
    readonly officerId: string,
    private readonly session: SimSession,
    private readonly area: AreaFeature,
    private readonly options: SimulatorOptions,
    private readonly clock: Clock,
    private readonly rng: Rng,
  ) {
    this.position = randomPointInArea(area, rng);
    this.waypoint = randomPointInArea(area, rng);
    this.lastMoveAt = clock.now();
  }

  async start(): Promise<void> {
    await this.session.start();
    this.session.subscribe(() => this.react());
    startDeliveryReceipts(this.session, this.officerId);
    const stayOff = chance(this.rng, this.options.offDutyShare);
    if (!stayOff) {
      const ack = await this.session.command({ type: 'officer:set_duty', data: { duty: 'available' } });
      this.onDuty = ack.ok;
    }
    this.react();
    this.scheduleTick();
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers) t.cancel();
    this.timers.clear();
    this.session.close();
  }

  private later(ms: number, fn: () => void): void {
    const handle = this.clock.after(ms, () => {
      this.timers.delete(handle);
      if (!this.stopped) fn();
    });
    this.timers.add(handle);
  }

  private once(key: string, delayMs: number, fn: () => void): void {
    if (this.done.has(key)) return;
    this.done.add(key);
    this.later(delayMs, fn);
  }

  private myAssignments(): Assignment[] {
    return Object.values(this.session.state.assignments).filter((a) => a.officerId === this.officerId);
  }

  private active(): Assignment | undefined {
    return this.myAssignments().find(isActiveAssignment);
  }

  /** Decides what to do about the assignments in the mirrored state; every step is taken once. */
  private react(): void {
    const o = this.options;
    for (const a of this.myAssignments()) {
      if (a.status === 'pending') {
        // The request (its location) is not in an officer's view until it is assigned: the client core
        // fetches the whole view when an event names it, as on a phone.
        this.once(`${a.id}:answer`, between(this.rng, o.answerDelayMs.min, o.answerDelayMs.max), () => {
          const accept = chance(this.rng, o.acceptProbability);
          void this.session.command(
            accept
              ? { type: 'assignment:accept', data: { assignmentId: a.id } }
              : { type: 'assignment:decline', data: { assignmentId: a.id, reason: 'Đang xử lý việc khác' } },
          );
        });
      } else if (a.status === 'accepted') {
        this.once(`${a.id}:set_off`, between(this.rng, o.setOffDelayMs.min, o.setOffDelayMs.max), () => {
          void this.session.command({ type: 'assignment:advance', data: { assignmentId: a.id, status: 'en_route' } });
        });
      } else if (a.status === 'on_scene') {
        this.once(`${a.id}:release`, between(this.rng, o.onSceneMs.min, o.onSceneMs.max), () => {
          void this.session.command({ type: 'assignment:advance', data: { assignmentId: a.id, status: 'released' } });
        });
      }
    }
  }

  private scheduleTick(): void {
    const o = this.options;
    this.later(between(this.rng, o.positionEveryMs.min, o.positionEveryMs.max), () => {
      this.tick();
      this.scheduleTick();
    });
  }

  private tick(): void {
    const now = this.clock.now();
    const elapsedS = (now - this.lastMoveAt) / 1000;
    this.lastMoveAt = now;
    if (!this.onDuty) return;
    const before = this.position;
    const moving = this.move(now, elapsedS);
    this.session.reportPosition({
      lat: this.position.lat,
      lon: this.position.lon,
      accuracy: Math.round(between(this.rng, 5, 25)),
      at: now,
      heading: moving ? Math.round(bearingDegrees(before, this.position)) : null,
      speed: moving ? Math.round((moving / 3.6) * 10) / 10 : 0,
    });
  }

  /** Moves for `elapsedS` seconds; returns the speed used (km/h), 0 when standing still. */
  private move(now: number, elapsedS: number): number {
    const o = this.options;
    const assignment = this.active();
    if (assignment) {
      const request = ownRecord(this.session.state.requests, assignment.requestId);
      if (assignment.status !== 'en_route' || !request) return 0;
      const step = stepToward(this.position, request.location, (o.responseSpeedKmh / 3.6) * elapsedS);
      this.position = step.point;
      if (step.arrived) {
        this.once(`${assignment.id}:arrive`, 0, () => {
          void this.session.command({
            type: 'assignment:advance',
            data: { assignmentId: assignment.id, status: 'on_scene' },
          });
        });
      }
      return o.responseSpeedKmh;
    }
    if (now < this.pausedUntil) return 0;
    const step = stepToward(this.position, this.waypoint, (o.patrolSpeedKmh / 3.6) * elapsedS);
    this.position = step.point;
    if (step.arrived) {
      this.waypoint = randomPointInArea(this.area, this.rng);
      this.pausedUntil = now + between(this.rng, o.waypointPauseMs.min, o.waypointPauseMs.max);
    }
    return o.patrolSpeedKmh;
  }
}
