// Deciding the SOS commands. `officer:sos` makes a request (kind officer_support, priority critical, at
// the phone's fix or else the officer's post) plus the `officer:sos_raised` record naming the posts to
// alert; the timers then offer it to the nearest available officers (domain/sos-rules.ts). An officer
// with an SOS already open gets that one back, so a second hold or a resend never makes two.
import { communeById } from '../../shared/cluster';
import type { Command } from '../../shared/commands';
import { isClosed, type DispatchRequest, type Outcome } from '../../shared/domain';
import type { EventBody, EventDraft } from '../../shared/events';
import type { Refusal } from '../../shared/protocol';
import { openSosOf, ownEntry, SOS_RESPONDERS, sosAlertCommunes } from '../../shared/sos';
import { nextRequestNumber } from '../../shared/live-window';
import { endAssignments, type DecideInput, type Decision } from './decide';
import { requestIdAt } from './ids';
import { invalidState, notFound } from './refusal';

export type SosCommand = Extract<Command, { type: 'officer:sos' | 'officer:sos_safe' | 'officer:sos_close' }>;
type Draft = (body: EventBody) => EventDraft;

export function decideSos(input: DecideInput, command: SosCommand, draft: Draft): Decision | Refusal {
  const { state, actor } = input;
  if (command.type === 'officer:sos') {
    const officerId = actor.role === 'officer' ? actor.id : '';
    const officer = ownEntry(state.officers, officerId);
    if (!officer) return notFound(`no officer ${officerId}`);
    const open = openSosOf(state, officer.id);
    if (open) return { ok: true, drafts: [], ref: open.id };
    const commune = communeById(input.cluster, officer.commune);
    if (!commune) return notFound(`no commune "${officer.commune}" in this cluster`);
    const requestId = requestIdAt(state.seq + 1);
    const fix = command.data.fix ?? null;
    const raised: EventBody = {
      type: 'request:raised',
      data: {
        requestId,
        commune: commune.id,
        number: nextRequestNumber(state),
        kind: 'officer_support',
        priority: 'critical',
        location: fix ? { lat: fix.lat, lon: fix.lon } : commune.post.location,
        locationSource: fix ? 'point' : 'post',
        note: '',
        respondersWanted: SOS_RESPONDERS,
        clientSentAt: command.sentAt ?? null,
      },
    };
    const sos: EventBody = {
      type: 'officer:sos_raised',
      data: {
        requestId,
        commune: commune.id,
        officerId: officer.id,
        alertCommunes: sosAlertCommunes(input.cluster, commune.id),
        fix,
      },
    };
    return { ok: true, drafts: [draft(raised), draft(sos)], ref: requestId };
  }
  const request = ownEntry(state.requests, command.data.requestId);
  if (!request?.sos) return notFound(`no SOS ${command.data.requestId}`);
  if (isClosed(request)) return invalidState(`the SOS ${request.id} is already closed`);
  if (command.type === 'officer:sos_safe') {
    const data = { requestId: request.id, commune: request.commune, officerId: request.sos.officerId };
    return { ok: true, drafts: [draft({ type: 'officer:sos_safe', data })] };
  }
  return closeSos(input, request, command.data, draft);
}

/** A dispatcher closes the SOS (`officer:sos_close`, or `request:resolve` on its request): responders released. */
export function closeSos(
  input: DecideInput,
  request: DispatchRequest,
  close: { outcome: Outcome; note: string },
  draft: Draft,
): Decision {
  const officerId = request.sos?.officerId ?? '';
  const closed: EventBody = {
    type: 'officer:sos_closed',
    data: { requestId: request.id, commune: request.commune, officerId, outcome: close.outcome, note: close.note },
  };
  return { ok: true, drafts: [...endAssignments(input.state, request, 'SOS closed').map(draft), draft(closed)] };
}
