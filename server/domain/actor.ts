// Maps an authenticated principal to the actor recorded on events, and to the key its command ids
// are remembered under (so two accounts can never collide on, or probe, each other's ids).
import type { Actor, Principal } from '../../shared/domain';

export function actorOf(principal: Principal): Actor {
  switch (principal.role) {
    case 'dispatcher':
      return { role: 'dispatcher', id: principal.accountId };
    case 'post':
      return { role: 'post', id: principal.accountId, commune: principal.commune ?? '' };
    case 'officer':
      // Officers are recorded by their cluster id so the timeline can show the call sign.
      return { role: 'officer', id: principal.officerId ?? principal.accountId };
  }
}

/** The dedup key of a command: the same for the principal sending it and for the events it produced. */
export function commandKey(actor: Actor, commandId: string): string {
  return actor.role === 'system' ? `system:${commandId}` : `${actor.role}:${actor.id}:${commandId}`;
}
