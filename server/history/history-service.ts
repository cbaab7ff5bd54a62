// What the history API answers, from the history read model (archived requests, on disk) and the
// live state (open and recently closed requests): search, one request's record, the response-time
// report and the replay of a period. A post's questions are always narrowed to its own commune.
import type { Cluster } from '../../shared/cluster';
import type { Principal } from '../../shared/domain';
import {
  matches,
  recordOf,
  summarize,
  type HistoryPage,
  type HistoryQuery,
  type HistoryRecord,
  type HistorySummary,
  type ReplayData,
} from '../../shared/history';
import type { OfficerPosition } from '../../shared/protocol';
import { buildReport, type ResponseReport } from '../../shared/response-times';
import type { Engine } from '../engine';
import type { HistoryArchive } from './history-store';
import type { TrackStore } from './position-track';

/** A replay never carries more than this many fixes per officer (evenly thinned). */
export const REPLAY_FIXES_PER_OFFICER = 2000;

export type ReportFilter = Pick<HistoryQuery, 'commune' | 'kind' | 'priority'>;

export class HistoryService {
  constructor(
    private readonly engine: Pick<Engine, 'state'>,
    private readonly archive: HistoryArchive,
    private readonly tracks: TrackStore,
    private readonly cluster: Pick<Cluster, 'communes'>,
  ) {}

  /** Archived and live requests, one summary each (a live one wins over a stale archived copy). */
  async summaries(): Promise<HistorySummary[]> {
    const live = Object.keys(this.engine.state.requests).flatMap((id) => {
      const record = recordOf(this.engine.state, id);
      return record ? [summarize(record)] : [];
    });
    const liveIds = new Set(live.map((s) => s.id));
    const archived = (await this.archive.summaries()).filter((s) => !liveIds.has(s.id));
    return archived.concat(live);
  }

  async search(principal: Principal, query: HistoryQuery): Promise<HistoryPage> {
    const q = scoped(principal, query);
    const found = (await this.summaries()).filter((s) => matches(s, q));
    found.sort((a, b) => b.steps.raised - a.steps.raised || b.number - a.number);
    return { ok: true, items: found.slice(q.offset, q.offset + q.limit), total: found.length, offset: q.offset };
  }

  /** The request's full record, live or archived; null when there is none (or the post may not see it). */
  async record(principal: Principal, requestId: string): Promise<HistoryRecord | null> {
    const record = recordOf(this.engine.state, requestId) ?? (await this.archive.record(requestId));
    if (!record) return null;
    if (principal.role === 'post' && record.request.commune !== principal.commune) return null;
    return record;
  }

  async report(principal: Principal, period: { from: number; to: number }, filter: ReportFilter) {
    const q = scoped(principal, filter);
    const summaries = (await this.summaries()).filter((s) => matches(s, q));
    const report: ResponseReport = buildReport(
      summaries,
      period,
      this.cluster.communes.map((c) => c.id),
    );
    return report;
  }

  async replay(from: number, to: number): Promise<ReplayData> {
    const overlapping = (await this.summaries()).filter(
      (s) => s.steps.raised < to && (s.closedAt ?? Number.POSITIVE_INFINITY) >= from,
    );
    const requests: HistoryRecord[] = [];
    for (const s of overlapping) {
      const record = recordOf(this.engine.state, s.id) ?? (await this.archive.record(s.id));
      if (record) requests.push(record);
    }
    requests.sort((a, b) => a.request.raisedAt - b.request.raisedAt);
    const events = requests
      .flatMap((r) => r.request.timeline.map((e) => ({ ...e, requestId: r.request.id })))
      .filter((e) => e.at >= from && e.at < to)
      .sort((a, b) => a.at - b.at || a.seq - b.seq);
    return { ok: true, from, to, requests, tracks: thin(await this.tracks.range(from, to)), events };
  }
}

function scoped<T extends { commune?: string | undefined }>(principal: Principal, query: T): T {
  return principal.role === 'post' ? { ...query, commune: principal.commune ?? '\u0000' } : query;
}

/** At most REPLAY_FIXES_PER_OFFICER per officer, keeping the first and last of each. */
function thin(fixes: OfficerPosition[]): OfficerPosition[] {
  const byOfficer = new Map<string, OfficerPosition[]>();
  for (const p of fixes) {
    const list = byOfficer.get(p.officerId) ?? [];
    list.push(p);
    byOfficer.set(p.officerId, list);
  }
  const kept: OfficerPosition[] = [];
  for (const list of byOfficer.values()) {
    const step = Math.ceil(list.length / REPLAY_FIXES_PER_OFFICER);
    list.forEach((p, i) => {
      if (i % step === 0 || i === list.length - 1) kept.push(p);
    });
  }
  return kept.sort((a, b) => a.receivedAt - b.receivedAt);
}
