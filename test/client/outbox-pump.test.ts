// The outbox pump on its own, with a host whose `send` the test answers: what jumps a backoff and what
// may still be cancelled once the link has dropped.
import { describe, expect, it } from 'vitest';
import { OutboxPump, type PumpHost, type SendableCommand } from '../../client/net/outbox-pump';
import { Outbox } from '../../client/net/outbox';
import { memoryOutboxStorage } from '../../client/net/outbox-storage';
import { ErrorCode } from '../../shared/protocol';

const tick = (ms = 5) => new Promise((r) => setTimeout(r, ms));

function command(id: string, type: 'request:cancel' | 'officer:sos' = 'request:cancel'): SendableCommand {
  const data = type === 'officer:sos' ? { officerId: 'kp-1', location: null } : { requestId: 'r1' };
  return { id, sentAt: 0, type, data } as unknown as SendableCommand;
}

function pumpWith(send: PumpHost['send'], retry = { baseMs: 1000, maxMs: 30_000 }) {
  let live = true;
  const pump = new OutboxPump(memoryOutboxStorage(), {
    canSend: () => live,
    send,
    now: () => 0,
    changed: () => undefined,
    refused: () => undefined,
    retry,
  });
  return { pump, setLive: (up: boolean) => (live = up) };
}

describe('outbox pump', () => {
  it('an SOS queued during a backoff goes at once, ahead of the command that earned the backoff', async () => {
    const sent: string[] = [];
    const { pump } = pumpWith(async (c) => {
      sent.push(c.id);
      return sent.length === 1
        ? { ok: false, code: ErrorCode.RateLimited, message: '' }
        : { ok: true, seq: sent.length };
    });
    await pump.load();
    const first = pump.enqueue(command('A'));
    await tick(20); // A was refused "later": the pump waits 1 s
    const t0 = Date.now();
    expect(await Promise.race([pump.enqueue(command('SOS', 'officer:sos')), tick(500).then(() => 'waited')])).toEqual({
      ok: true,
      seq: 2,
    });
    expect(Date.now() - t0).toBeLessThan(500);
    expect(sent).toEqual(['A', 'SOS', 'A']);
    await first;
    pump.stop();
  });

  it('a command sent before the link dropped can no longer be cancelled, only one never sent can', async () => {
    const pending: Array<(error: Error) => void> = [];
    const { pump, setLive } = pumpWith(
      () => new Promise((_resolve, reject) => pending.push(reject)), // no answer comes
    );
    await pump.load();
    void pump.enqueue(command('A'));
    void pump.enqueue(command('B'));
    await tick();
    expect(pending).toHaveLength(1); // A is on its way, B waits behind it
    setLive(false);
    pump.linkDown(); // A may have reached the server
    expect(await pump.cancel('A')).toBe(false);
    pending.shift()!(new Error('socket has been disconnected'));
    await tick();
    expect(await pump.cancel('A')).toBe(false);
    expect(await pump.cancel('B')).toBe(true);
    expect(pump.items().map((i) => i.command.id)).toEqual(['A']);
    pump.stop();
  });
});

describe('what a queued item says of itself', () => {
  it('is cancellable only while it has never left the device, also after a dropped send left 0 attempts', async () => {
    const outbox = new Outbox(memoryOutboxStorage(), () => undefined);
    await outbox.load();
    await outbox.add({
      command: { id: 'raise-never-sent', type: 'officer:set_duty', data: { duty: 'available' }, sentAt: 1 },
      queuedAt: 1,
      attempts: 0,
      lastError: null,
    });
    expect(outbox.items()[0]).toMatchObject({ status: 'queued', attempts: 0, cancellable: true });
    outbox.markSending('raise-never-sent');
    expect(outbox.items()[0]).toMatchObject({ status: 'sending', cancellable: false });
    // The link dropped mid-send: queued again with no attempt counted yet, but it did go out.
    outbox.resetSending();
    expect(outbox.items()[0]).toMatchObject({ status: 'queued', attempts: 0, cancellable: false });
    expect(outbox.neverSent('raise-never-sent')).toBe(false);
  });
});
