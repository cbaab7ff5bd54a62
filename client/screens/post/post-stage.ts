// Where a request stands as the post sees it: one word for the card, derived from the request and its
// assignments (the furthest responder counts: one officer on scene means help is there).
import type { Assignment, DispatchRequest } from '../../../shared/domain';
import { isResponding } from '../../../shared/responders';

export const POST_STAGES = ['queued', 'received', 'assigned', 'en_route', 'on_scene', 'resolved', 'cancelled'] as const;
export type PostStage = (typeof POST_STAGES)[number];

/** The steps drawn on the card, in order (cancelled replaces the rest). */
export const STAGE_STEPS: readonly PostStage[] = ['queued', 'received', 'assigned', 'en_route', 'on_scene', 'resolved'];

export function postStage(request: DispatchRequest, assignments: readonly Assignment[]): PostStage {
  if (request.status === 'cancelled') return 'cancelled';
  if (request.status === 'resolved') return 'resolved';
  const statuses = new Set(assignments.map((a) => a.status));
  if (statuses.has('on_scene') || statuses.has('released')) return 'on_scene';
  if (statuses.has('en_route')) return 'en_route';
  if (statuses.has('pending') || statuses.has('accepted')) return 'assigned';
  return 'received';
}

/** Responders worth showing: anyone assigned and not out of it (declined, expired, removed). */
export function currentResponders(assignments: readonly Assignment[]): Assignment[] {
  return assignments.filter(isResponding);
}
