// Socket.IO frames written by hand onto a connected socket's WebSocket, for payloads the client
// library itself cannot encode (it recurses through them) or would not send (a binary attachment with
// any shape). Acks are read back off the raw stream.
import type { TestClient } from './test-client';

export interface RawSender {
  /** Sends `2<ackId>[<json>]` (or a binary event with `attachments`) and resolves the ack's first argument. */
  send(eventJson: string, attachments?: Buffer[]): Promise<unknown>;
  /** Sends without an ack id: nothing comes back. */
  sendNoAck(eventJson: string): void;
}

interface RawEngine {
  send(data: string | Buffer): void;
  on(event: 'message', listener: (data: unknown) => void): void;
}

export function rawSender(client: TestClient): RawSender {
  const engine = client.socket.io.engine as unknown as RawEngine;
  const waiting = new Map<number, (value: unknown) => void>();
  // Far above the ids the client library uses for its own acks.
  let nextId = 1_000_000;
  engine.on('message', (data) => {
    if (typeof data !== 'string') return;
    const match = /^3(\d+)(.*)$/s.exec(data);
    const id = Number(match?.[1]);
    const settle = waiting.get(id);
    if (!match || !settle) return;
    waiting.delete(id);
    const args = JSON.parse(match[2] ?? '[]') as unknown[];
    settle(args[0]);
  });
  return {
    send(eventJson, attachments = []) {
      const id = nextId++;
      const answer = new Promise<unknown>((resolve) => waiting.set(id, resolve));
      if (attachments.length === 0) {
        engine.send(`2${id}${eventJson}`);
      } else {
        engine.send(`5${attachments.length}-${id}${eventJson}`);
        for (const a of attachments) engine.send(a);
      }
      return answer;
    },
    sendNoAck(eventJson) {
      engine.send(`2${eventJson}`);
    },
  };
}

/** `[[[…0…]]]` nested `depth` levels, as JSON text (never built as an object). */
export function deepArrayJson(depth: number): string {
  return `${'['.repeat(depth)}0${']'.repeat(depth)}`;
}

/** `{"a":{"a":…{}}}` nested `depth` levels, as JSON text. */
export function deepObjectJson(depth: number): string {
  return `${'{"a":'.repeat(depth)}{}${'}'.repeat(depth)}`;
}
