// A request's history, newest last, from request.timeline (kept in the state so a snapshot has it).
import type { Cluster } from '../../shared/cluster';
import {
  ASSIGNMENT_STATUSES,
  OUTCOMES,
  type AssignmentStatus,
  type DispatchRequest,
  type Outcome,
  type TimelineEntry,
} from '../../shared/domain';
import { assignmentStatusKey, outcomeKey, useFormat } from '../i18n';
import { messages } from '../i18n/messages/console';
import { actorName, callsignOf, type ConsoleT } from './console-text';

type TimelineKey = Extract<keyof (typeof messages)['vi'], `timeline.${string}`>;

function isTimelineKey(key: string): key is TimelineKey {
  return key in messages.vi;
}

const isStatus = (v: string): v is AssignmentStatus => (ASSIGNMENT_STATUSES as readonly string[]).includes(v);
const isOutcome = (v: string): v is Outcome => (OUTCOMES as readonly string[]).includes(v);

/** The detail is a progress status, an outcome, a reason or a note's text. */
function detailLabel(t: ConsoleT, detail: string): string {
  if (isStatus(detail)) return t(assignmentStatusKey(detail));
  if (isOutcome(detail)) return t(outcomeKey(detail));
  return detail;
}

export function describeEntry(t: ConsoleT, cluster: Cluster, e: TimelineEntry): string {
  const key = `timeline.${e.type}`;
  const parts = [isTimelineKey(key) ? t(key) : e.type];
  if (e.officerId) parts.push(callsignOf(cluster, e.officerId));
  if (e.detail) parts.push(detailLabel(t, e.detail));
  return parts.join(' · ');
}

export function RequestTimeline({ t, cluster, request }: { t: ConsoleT; cluster: Cluster; request: DispatchRequest }) {
  const format = useFormat();
  return (
    <section aria-labelledby="console-timeline-title" className="console-timeline">
      <h3 id="console-timeline-title">{t('console.timeline')}</h3>
      <ol data-testid="timeline">
        {request.timeline.map((e) => (
          <li key={e.seq}>
            <time dateTime={new Date(e.at).toISOString()}>{format.time(e.at, { seconds: true })}</time>{' '}
            <span>{describeEntry(t, cluster, e)}</span> <span className="hint">({actorName(t, cluster, e.actor)})</span>
          </li>
        ))}
      </ol>
    </section>
  );
}
