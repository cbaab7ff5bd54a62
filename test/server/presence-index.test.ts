// A node's presence index (server/presence/presence-index.ts): device counts per officer, the last time
// each officer's last device left, another node's word, and the latest fixes, each read by officer id.
import { describe, expect, it } from 'vitest';
import type { OfficerPosition } from '../../shared/protocol';
import { ELSEWHERE_FRESH_MS, PresenceIndex } from '../../server/presence/presence-index';

const STARTED = 1_000;
const fix = (officerId: string, receivedAt: number): OfficerPosition => ({
  lat: 20.3,
  lon: 105.7,
  accuracy: 10,
  at: receivedAt,
  officerId,
  receivedAt,
});

describe('PresenceIndex', () => {
  it('is online from the first device to the last, and says so once each way', () => {
    const index = new PresenceIndex(STARTED);
    expect(index.connected('pl-1', 2_000)).toEqual({ officerId: 'pl-1', online: true, since: 2_000 });
    expect(index.connected('pl-1', 3_000)).toBeNull();
    expect(index.connected('kp-1', 4_000)).not.toBeNull();
    expect(index.online()).toEqual([
      { officerId: 'pl-1', online: true, since: 2_000 },
      { officerId: 'kp-1', online: true, since: 4_000 },
    ]);
    expect(index.disconnected('pl-1', 5_000)).toBeNull();
    expect(index.isLocal('pl-1')).toBe(true);
    expect(index.disconnected('pl-1', 6_000)).toEqual({ officerId: 'pl-1', online: false, since: 6_000 });
    expect(index.isLocal('pl-1')).toBe(false);
    expect(index.online().map((p) => p.officerId)).toEqual(['kp-1']);
  });

  it('offline since: null while here, else the latest of its leaving, the node’s start, another node’s word, its fix', () => {
    const index = new PresenceIndex(STARTED);
    // Never seen here, nothing else known: since this node started.
    expect(index.offlineSince('tv-1')).toBe(STARTED);
    index.connected('pl-1', 2_000);
    expect(index.offlineSince('pl-1')).toBeNull();
    index.disconnected('pl-1', 3_000);
    expect(index.offlineSince('pl-1')).toBe(3_000);
    index.connectedElsewhere('pl-1', 4_000);
    expect(index.offlineSince('pl-1')).toBe(4_000);
    expect(index.lastSeenElsewhere('pl-1')).toBe(4_000);
    index.noteFixes([fix('pl-1', 5_000), fix('tv-1', 2_500)]);
    expect(index.offlineSince('pl-1')).toBe(5_000);
    expect(index.offlineSince('tv-1')).toBe(2_500);
    // The fixes are the store's whole list: one no longer in it no longer counts.
    index.noteFixes([fix('tv-1', 2_600)]);
    expect(index.offlineSince('pl-1')).toBe(4_000);
    expect(index.offlineSince('tv-1')).toBe(2_600);
  });

  it('connected elsewhere only while another node’s word is fresh, or a recent fix came after it left here', () => {
    const index = new PresenceIndex(STARTED);
    const now = 100_000;
    index.connectedElsewhere('pl-1', now - ELSEWHERE_FRESH_MS);
    expect(index.isConnected('pl-1', now, 30_000)).toBe(true);
    expect(index.isConnected('pl-1', now + 1, 30_000)).toBe(false);
    index.connected('kp-1', 10_000);
    index.disconnected('kp-1', now - 20_000);
    index.noteFixes([fix('kp-1', now - 25_000)]);
    expect(index.isConnected('kp-1', now, 30_000)).toBe(false);
    index.noteFixes([fix('kp-1', now - 15_000)]);
    expect(index.isConnected('kp-1', now, 30_000)).toBe(true);
    expect(index.isConnected('kp-1', now + 16_000, 30_000)).toBe(false);
  });

  it('answers for 5,000 officers from one list of fixes without reading the list again per officer', () => {
    // A reconnect storm: every officer offline here, every one with a fix. A scan of the list per
    // question would be 5,000 × 5,000 / 2 reads every timer tick; the index reads the list
    // once, when noted, and then looks each officer up.
    const index = new PresenceIndex(STARTED);
    let reads = 0;
    const counted = (officerId: string, receivedAt: number): OfficerPosition => {
      const base = fix(officerId, receivedAt);
      return Object.defineProperties(base, {
        officerId: { get: () => (reads++, officerId), enumerable: true },
        receivedAt: { get: () => (reads++, receivedAt), enumerable: true },
      });
    };
    const ids = Array.from({ length: 5_000 }, (_, i) => `o-${i}`);
    index.noteFixes(ids.map((id, i) => counted(id, 10_000 + i)));
    reads = 0;
    for (const id of ids) {
      index.isConnected(id, 20_000, 60_000);
      index.offlineSince(id);
    }
    expect(reads).toBe(0);
    expect(index.offlineSince('o-4999')).toBe(14_999);
    expect(index.isConnected('o-5', 20_000, 60_000)).toBe(true);
  });
});
