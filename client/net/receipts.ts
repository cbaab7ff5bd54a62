// Sending receipts: the device tells the server what it has got, so the post can see how far its request
// went. An officer's device reports each assignment it holds ("đã đến máy cán bộ"); a dispatcher's console
// reports each open request a dispatcher opened ("điều phối đã mở xem"). Which ones is derived from the
// mirrored state (shared/receipts.ts); they are sent once per client past the outbox (never "queued" on
// screen), and sent again only when the first attempt did not reach the server. The server records the
// first receipt and ignores the rest.
import type { DispatchState } from '../../shared/domain';
import { undeliveredAssignments } from '../../shared/receipts';
import { RETRYABLE_CODES } from './outbox';
import { LocalCode, type ClientAck, type CommandDraft, type ConnectionStatus } from './types';

/** What sending receipts needs from a connection: DispatchClient (the screens' and the simulator's). */
export interface ReceiptClient {
  getSnapshot(): { readonly state: DispatchState; readonly connection: Pick<ConnectionStatus, 'kind'> };
  /** Past any outbox: a receipt is derived from the state, so a lost one is simply sent again. */
  sendNow(draft: CommandDraft): Promise<ClientAck>;
  /** Calls `listener` after every change of state or connection; returns the unsubscribe. */
  subscribe(listener: () => void): () => void;
}

/** Answers after which the receipt is tried again on a later change (it may not have arrived). */
function worthRetrying(ack: ClientAck): boolean {
  if (ack.ok) return false;
  return (
    ack.code === LocalCode.Offline ||
    ack.code === LocalCode.Timeout ||
    (RETRYABLE_CODES as ReadonlySet<string>).has(ack.code)
  );
}

/** Sends one receipt per key at most once at a time; forgets a key whose receipt did not arrive. */
export class ReceiptSender {
  private readonly sent = new Set<string>();

  constructor(private readonly client: ReceiptClient) {}

  /** Receipts for `assignmentIds` (device has the assignment). Only while live: offline they would fail. */
  delivered(assignmentIds: readonly string[]): void {
    for (const assignmentId of assignmentIds) {
      this.once(`delivered:${assignmentId}`, () =>
        this.client.sendNow({ type: 'assignment:mark_delivered', data: { assignmentId } }),
      );
    }
  }

  /** Receipts for `requestIds` (a console has shown them). */
  seen(requestIds: readonly string[]): void {
    for (const requestId of requestIds) {
      this.once(`seen:${requestId}`, () => this.client.sendNow({ type: 'request:mark_seen', data: { requestId } }));
    }
  }

  private once(key: string, send: () => Promise<ClientAck>): void {
    if (this.sent.has(key) || this.client.getSnapshot().connection.kind !== 'live') return;
    this.sent.add(key);
    void send().then((ack) => {
      if (worthRetrying(ack)) this.sent.delete(key);
    });
  }
}

/**
 * An officer's device: reports every assignment it holds as delivered, now and whenever the state or
 * the connection changes. Returns the function that stops. Used by the officer screen and by the demo
 * simulator's officers.
 */
export function startDeliveryReceipts(client: ReceiptClient, officerId: string): () => void {
  const sender = new ReceiptSender(client);
  const check = () => sender.delivered(undeliveredAssignments(client.getSnapshot().state, officerId));
  check();
  return client.subscribe(check);
}
