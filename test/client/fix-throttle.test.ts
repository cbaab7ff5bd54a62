// The officer screen's "the system is not taking your position" note: shown only while the link is live,
// a fix is still held and nothing was taken for two heartbeats (so a shed `overloaded` fix is said).
import { describe, expect, it } from 'vitest';
import { FIX_HEARTBEAT_MS, fixNotTaken } from '../../client/screens/officer/fix-throttle';

const sentAt = 1_000_000;
const late = sentAt + 2 * FIX_HEARTBEAT_MS + 1;

describe('fixNotTaken', () => {
  it('says so once a held fix has gone untaken for two heartbeats while live', () => {
    expect(fixNotTaken({ live: true, pendingFix: true, lastFixSentAt: sentAt }, late)).toBe(true);
  });

  it('stays quiet within two heartbeats', () => {
    expect(fixNotTaken({ live: true, pendingFix: true, lastFixSentAt: sentAt }, sentAt + 2 * FIX_HEARTBEAT_MS)).toBe(
      false,
    );
  });

  it('stays quiet offline (the queued note says it), with nothing held, or before any fix was taken', () => {
    expect(fixNotTaken({ live: false, pendingFix: true, lastFixSentAt: sentAt }, late)).toBe(false);
    expect(fixNotTaken({ live: true, pendingFix: false, lastFixSentAt: sentAt }, late)).toBe(false);
    expect(fixNotTaken({ live: true, pendingFix: true, lastFixSentAt: null }, late)).toBe(false);
  });
});
