// Small shared helpers for the console's text: the console catalogue bound to the language, names of
// communes and officers from the cluster file, and who an actor was.
import { communeById, officerById, type Cluster } from '../../shared/cluster';
import type { Actor } from '../../shared/domain';
import type { CommandDraft } from '../net/types';
import { useT, type AreaKey, type CommonKey, type Translate } from '../i18n';
import { messages } from '../i18n/messages/console';

export type ConsoleT = Translate<CommonKey | AreaKey<typeof messages>>;

/** A message kept as a function of the language, so a status line follows a language switch. */
export type ConsoleMessage = (t: ConsoleT) => string;

/** Sends a command for the selected request; says `success` (or the refusal) in the status line. */
export type RunCommand = (draft: CommandDraft, success: ConsoleMessage) => Promise<boolean>;

export function useConsoleT(): ConsoleT {
  return useT(messages);
}

export function communeName(cluster: Cluster, id: string): string {
  return communeById(cluster, id)?.name ?? id;
}

export function callsignOf(cluster: Cluster, officerId: string): string {
  return officerById(cluster, officerId)?.callsign ?? officerId;
}

export function actorName(t: ConsoleT, cluster: Cluster, actor: Actor): string {
  switch (actor.role) {
    case 'system':
      return t('actor.system');
    case 'officer':
      return callsignOf(cluster, actor.id);
    case 'post':
      return communeById(cluster, actor.commune)?.post.name ?? actor.id;
    case 'dispatcher':
      // The role, not the account's username: staff read names, not logins.
      return t('role.dispatcher');
  }
}
