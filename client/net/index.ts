// Connection and state entry point.
export { DispatchClient, type DispatchClientOptions } from './dispatch-client';
export { Outbox, RETRYABLE_CODES, outboxSummary, type OutboxItem, type OutboxItemStatus } from './outbox';
export { indexedDbOutboxStorage, memoryOutboxStorage, type OutboxEntry, type OutboxStorage } from './outbox-storage';
export * from './session';
export { fetchClusterInfo } from './cluster-info';
export type { ClientAck, ClientSnapshot, CommandDraft, ConnectionStatus, EventListener, RefusedCommand } from './types';
export { ReceiptSender, startDeliveryReceipts, undeliveredAssignments, unseenRequests } from './receipts';
export { useDeliveryReceipts, useSeenReceipts } from './use-receipts';
