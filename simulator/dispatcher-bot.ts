// A stand-in dispatcher for the demo and load runs: assigns the nearest available officer to requests
// nobody has picked up for a while (a person at the console gets there first), and closes requests
// once every responder is done, so the demo keeps moving without piling up.
import { distanceMeters } from '../shared/geo';
import { assignmentsOf, isActiveAssignment, officerStatus, type DispatchRequest } from '../shared/domain';
import { isResponding } from '../shared/responders';
import type { Clock, TimerHandle } from '../server/clock';
import type { SimulatorOptions } from './options';
import type { SimSession } from './sim-session';

const CHECK_EVERY_MS = 5_000;

export class DispatcherBot {
  private timer: TimerHandle | null = null;
  private busy = false;
  assigned = 0;
  resolved = 0;

  constructor(
    private readonly session: SimSession,
    private readonly options: SimulatorOptions,
    private readonly clock: Clock,
  ) {}

  async start(): Promise<void> {
    await this.session.start();
    this.timer = this.clock.every(CHECK_EVERY_MS, () => {
      if (this.busy) return;
      this.busy = true;
      void this.check().finally(() => (this.busy = false));
    });
  }

  stop(): void {
    this.timer?.cancel();
    this.session.close();
  }

  private async check(): Promise<void> {
    const state = this.session.state;
    const now = this.clock.now();
    for (const request of Object.values(state.requests)) {
      if (request.status === 'resolved' || request.status === 'cancelled') continue;
      const assignments = assignmentsOf(state, request.id);
      const responding = assignments.filter(isResponding);
      if (responding.length > 0 && responding.every((a) => a.status === 'released')) {
        const ack = await this.session.command({
          type: 'request:resolve',
          data: { requestId: request.id, outcome: 'handled', note: 'Đã xử lý xong (mô phỏng)' },
        });
        if (ack.ok) this.resolved++;
        continue;
      }
      const waiting = now - (request.openSince ?? request.raisedAt);
      const pending = assignments.some((a) => a.status === 'pending');
      if (request.status === 'open' && !pending && waiting >= this.options.autoDispatchAfterMs) {
        await this.assignNearest(request);
      }
    }
  }

  private async assignNearest(request: DispatchRequest): Promise<void> {
    const state = this.session.state;
    const tried = new Set(assignmentsOf(state, request.id).map((a) => a.officerId));
    const candidates = Object.values(state.officers)
      .filter((o) => officerStatus(state, o.id) === 'available' && !tried.has(o.id))
      .filter((o) => !Object.values(state.assignments).some((a) => a.officerId === o.id && isActiveAssignment(a)))
      .map((o) => {
        const fix = this.session.position(o.id);
        return { id: o.id, distance: fix ? distanceMeters(fix, request.location) : Number.POSITIVE_INFINITY };
      })
      .sort((a, b) => a.distance - b.distance);
    const best = candidates[0];
    if (!best) return;
    const ack = await this.session.command({
      type: 'assignment:assign',
      data: { requestId: request.id, officerId: best.id },
    });
    if (ack.ok) this.assigned++;
  }
}
