// The history read model rebuilt from the whole log (archived segments included), the way the running
// server built it: the same projection folds the same events and hands over each request it archives,
// as it stood just before. Used by `npm run journal -- rebuild-history` (after losing or doubting the
// history files) and to check that the files on disk are what the log says.
import type { Cluster } from '../../shared/cluster';
import { initialState } from '../../shared/reducer';
import { Projection } from '../projection';
import { readWholeLog } from '../store/journal-log';
import type { HistoryArchive, HistorySink } from './history-store';

export interface RebuildResult {
  /** Last seq of the log read. */
  seq: number;
  /** `request:archived` events folded (a request archived twice counts twice; the last one wins). */
  archived: number;
}

export async function rebuildHistory(journalDir: string, cluster: Cluster, sink: HistorySink): Promise<RebuildResult> {
  const projection = new Projection(initialState(cluster), null);
  let archived = 0;
  const seq = await readWholeLog(journalDir, (events) => {
    const records = projection.apply(events);
    archived += records.length;
    sink.archive(records);
  });
  return { seq, archived };
}

export interface HistoryDifference {
  /** Requests in one archive and not the other. */
  onlyInFirst: string[];
  onlyInSecond: string[];
  /** Requests in both whose records differ. */
  different: string[];
  compared: number;
}

/** Compares two read models request by request (summaries and whole records). */
export async function compareHistories(first: HistoryArchive, second: HistoryArchive): Promise<HistoryDifference> {
  const a = new Map((await first.summaries()).map((s) => [s.id, s]));
  const b = new Map((await second.summaries()).map((s) => [s.id, s]));
  const onlyInFirst = [...a.keys()].filter((id) => !b.has(id));
  const onlyInSecond = [...b.keys()].filter((id) => !a.has(id));
  const different: string[] = [];
  for (const id of a.keys()) {
    if (!b.has(id)) continue;
    const [ra, rb] = [await first.record(id), await second.record(id)];
    if (JSON.stringify(ra) !== JSON.stringify(rb) || JSON.stringify(a.get(id)) !== JSON.stringify(b.get(id))) {
      different.push(id);
    }
  }
  return { onlyInFirst, onlyInSecond, different, compared: a.size };
}
