// Which GPS fixes to send: phones report every second or so, the server needs one every few seconds,
// sooner when the officer actually moves.
import { distanceMeters } from '../../../shared/geo';
import type { PositionReport } from '../../../shared/commands';

export const FIX_MIN_INTERVAL_MS = 5000;
export const FIX_MIN_MOVE_M = 20;
/** While the officer's SOS is open: every fix the phone gives, up to one a second (the fastest steady rate). */
export const SOS_FIX_INTERVAL_MS = 1000;

/**
 * A phone reports a new position only when it moves, so an officer standing at a checkpoint looked
 * stale on the console after 2 minutes. While on duty a fresh fix is asked for at least this often.
 */
export const FIX_HEARTBEAT_MS = 30_000;

/** Whether the heartbeat should ask for a fresh fix: nothing sent yet, or the last one is that old. */
export function heartbeatDue(lastSentAt: number | null, now: number, everyMs = FIX_HEARTBEAT_MS): boolean {
  return lastSentAt === null || now - lastSentAt >= everyMs;
}

/**
 * Whether the system has stopped taking this phone's fixes although the link is live: the latest fix is
 * still held (refused, e.g. `overloaded`, or unanswered) and nothing was taken for two heartbeats.
 */
export function fixNotTaken(
  link: { live: boolean; pendingFix: boolean; lastFixSentAt: number | null },
  now: number,
): boolean {
  return link.live && link.pendingFix && link.lastFixSentAt !== null && now - link.lastFixSentAt > 2 * FIX_HEARTBEAT_MS;
}

export function shouldSendFix(
  last: PositionReport | null,
  fix: PositionReport,
  minIntervalMs = FIX_MIN_INTERVAL_MS,
): boolean {
  if (!last) return true;
  if (fix.at - last.at >= minIntervalMs) return true;
  return distanceMeters(last, fix) > FIX_MIN_MOVE_M;
}

/** A Geolocation API position as the protocol's report (clamped to what the schema accepts). */
export function toReport(p: GeolocationPosition): PositionReport {
  const { latitude, longitude, accuracy, heading, speed } = p.coords;
  return {
    lat: latitude,
    lon: longitude,
    accuracy: Math.min(100_000, Math.max(0, accuracy)),
    at: Math.round(p.timestamp) || Date.now(),
    heading: heading === null || Number.isNaN(heading) ? null : Math.min(360, Math.max(0, heading)),
    speed: speed === null || Number.isNaN(speed) ? null : Math.min(500, Math.max(0, speed)),
  };
}
