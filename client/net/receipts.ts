// Receipts: the device tells the server what it has got, so the post can see how far its request went.
// An officer's device reports each assignment it holds ("đã đến máy cán bộ"); a dispatcher's console
// reports each open request a dispatcher opened ("điều phối đã mở xem"). Both are derived from the mirrored
// state, sent once per client past the outbox (never "queued" on screen), and sent again only when
// the first attempt did not reach the server. The server records the first receipt and ignores the rest.
import { isActiveAssignment, isClosed, type DispatchState } from '../../shared/domain';
import { RETRYABLE_CODES } from './outbox';
import type { ClientAck, CommandDraft, ConnectionStatus } from './types';
import { ownRecord } from '../../shared/ids';

/**
 * What sending receipts needs from a connection. DispatchClient is one; the demo simulator's session
 * (server/simulator) is another, so its officers report deliveries exactly as a phone does.
 */
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
  return ack.code === 'offline' || ack.code === 'timeout' || (RETRYABLE_CODES as ReadonlySet<string>).has(ack.code);
}

/** Assignments of `officerId` that are active and have no delivery receipt yet. */
export function undeliveredAssignments(state: DispatchState, officerId: string): string[] {
  return Object.values(state.assignments)
    .filter((a) => a.officerId === officerId && isActiveAssignment(a) && a.deliveredAt == null)
    .map((a) => a.id);
}

/** Open (not closed) requests among `ids` (all when omitted) that no console has marked seen. */
export function unseenRequests(state: DispatchState, ids?: readonly string[]): string[] {
  const requests = ids ? ids.flatMap((id) => ownRecord(state.requests, id) ?? []) : Object.values(state.requests);
  return requests.filter((r) => !isClosed(r) && r.seenAt == null).map((r) => r.id);
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
