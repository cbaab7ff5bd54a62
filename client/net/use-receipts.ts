// React side of receipts. The console calls useSeenReceipts(ids) once in its screen with the requests a
// dispatcher has opened or whose alarm was acknowledged ("seen" means a person looked, not that the
// request reached a screen); the officer screen calls useDeliveryReceipts(officerId).
import { useEffect, useMemo, useSyncExternalStore } from 'react';
import { useClientSelector, useDispatchClient } from './react';
import { unseenRequests } from '../../shared/receipts';
import { ReceiptSender, startDeliveryReceipts } from './receipts';

function subscribeVisibility(listener: () => void): () => void {
  document.addEventListener('visibilitychange', listener);
  return () => document.removeEventListener('visibilitychange', listener);
}
const isVisible = () => typeof document === 'undefined' || document.visibilityState !== 'hidden';

/**
 * Marks the open, not yet seen requests as seen by this console, after they have been rendered
 * (effects run after the commit) and only while the page is visible: a console in a background tab
 * has shown nobody anything. `requestIds` limits it to those a dispatcher looked at; omitted, every open one.
 */
export function useSeenReceipts(requestIds?: readonly string[]): void {
  const client = useDispatchClient();
  const sender = useMemo(() => new ReceiptSender(client), [client]);
  // As a string, so the selector's answer is stable while nothing changes.
  const unseen = useClientSelector((s) => JSON.stringify(unseenRequests(s.state, requestIds)));
  const live = useClientSelector((s) => s.connection.kind === 'live');
  const visible = useSyncExternalStore(subscribeVisibility, isVisible, isVisible);
  useEffect(() => {
    if (live && visible) sender.seen(JSON.parse(unseen) as string[]);
  }, [sender, unseen, live, visible]);
}

/** Reports every assignment this officer's device holds as delivered (see startDeliveryReceipts). */
export function useDeliveryReceipts(officerId: string): void {
  const client = useDispatchClient();
  useEffect(() => (officerId ? startDeliveryReceipts(client, officerId) : undefined), [client, officerId]);
}
