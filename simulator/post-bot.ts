// A simulated commune post: now and then raises a request of a random kind and priority at a random
// point of its commune, as long as it does not already have too many open.
import type { AreaFeature } from '../shared/cluster';
import { isClosed, type Priority, type RequestKind } from '../shared/domain';
import type { Clock, TimerHandle } from '../server/clock';
import { randomPointInArea } from './area-points';
import type { SimulatorOptions } from './options';
import { between, chance, pick, weighted, type Rng } from './random';
import type { SimSession } from './sim-session';

/** What a duty officer at a commune post might type, per kind. */
const NOTES: Record<Exclude<RequestKind, 'officer_support'>, readonly string[]> = {
  fight: ['Hai nhóm thanh niên xô xát trước chợ', 'Đánh nhau tại quán karaoke, có hung khí'],
  theft: ['Mất trộm xe máy tại nhà văn hóa thôn', 'Trộm gia súc, đối tượng đi về phía rừng'],
  traffic_accident: ['Va chạm xe máy và xe tải trên QL45', 'Xe khách lật ở đèo, cần hỗ trợ phân luồng'],
  fire: ['Cháy nhà dân, lửa lan sang kho củi', 'Cháy rừng keo gần khu dân cư'],
  disaster: ['Nước lũ dâng, cần sơ tán hai hộ dân', 'Sạt lở đất chắn đường liên xã'],
  pursuit: ['Đối tượng truy nã xuất hiện ở bản, đang bỏ chạy', 'Đối tượng cướp giật chạy về hướng huyện bên'],
  medical: ['Người già ngã, cần đưa đi cấp cứu', 'Ngộ độc thực phẩm tại đám cưới'],
  other: ['Người lạ khả nghi quanh trường học', 'Tụ tập đông người gây mất trật tự'],
};

// officer_support is an officer's SOS, never a post's request.
const KINDS = Object.keys(NOTES) as (keyof typeof NOTES)[];
const PRIORITY_WEIGHTS: readonly (readonly [Priority, number])[] = [
  ['critical', 0.15],
  ['high', 0.35],
  ['normal', 0.5],
];

export class PostBot {
  private timer: TimerHandle | null = null;
  private stopped = false;
  raised = 0;

  constructor(
    readonly commune: string,
    private readonly session: SimSession,
    private readonly area: AreaFeature,
    private readonly options: SimulatorOptions,
    private readonly clock: Clock,
    private readonly rng: Rng,
  ) {}

  async start(): Promise<void> {
    await this.session.start();
    // Spread the first requests out so six posts do not all press at once.
    const { min, max } = this.options.requestEveryMs;
    this.schedule(between(this.rng, Math.min(10_000, min), max));
  }

  stop(): void {
    this.stopped = true;
    this.timer?.cancel();
    this.session.close();
  }

  private schedule(ms: number): void {
    this.timer = this.clock.after(ms, () => {
      if (this.stopped) return;
      void this.raise().finally(() => {
        const { min, max } = this.options.requestEveryMs;
        if (!this.stopped) this.schedule(between(this.rng, min, max));
      });
    });
  }

  private async raise(): Promise<void> {
    const open = Object.values(this.session.state.requests).filter((r) => r.commune === this.commune && !isClosed(r));
    if (open.length >= this.options.maxOpenPerPost) return;
    const kind = pick(this.rng, KINDS);
    const ack = await this.session.command({
      type: 'request:raise',
      data: {
        kind,
        priority: weighted(this.rng, PRIORITY_WEIGHTS),
        note: pick(this.rng, NOTES[kind]),
        location: randomPointInArea(this.area, this.rng),
        respondersWanted: chance(this.rng, 0.15) ? 2 : 1,
      },
    });
    if (ack.ok) this.raised++;
  }
}
