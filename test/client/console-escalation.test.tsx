// @vitest-environment jsdom
// The console's side of the escalation ladder: which changes ring (welfare and offline alerts first,
// declines too), and the "offer next" after a decline or expiry, from shared/suggest.ts.
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { OfficerPosition } from '../../shared/protocol';
import { setLang } from '../../client/i18n';
import { alarmsToRing, standingAlarms } from '../../client/console/alarms';
import { OfferNext, nextOffer } from '../../client/console/offer-next';
import { createT } from '../../client/i18n';
import { messages } from '../../client/i18n/messages/console';
import { EventLog, T0 } from '../support/event-fixtures';
import { seedCluster as cluster } from '../support/cluster-fixture';

const system = { role: 'system' as const };
const officer = (id: string) => ({ role: 'officer' as const, id });

/** Ky Phu request r1; kp-1, kp-2 and pl-1 on duty; kp-1 assigned. */
function scene() {
  const log = new EventLog();
  const r1 = log.raise(0, 1, 'ky-phu', 'critical');
  for (const id of ['kp-1', 'kp-2', 'pl-1']) log.onDuty(0, id);
  const a1 = log.assign(5_000, r1, 'ky-phu', 'a1', 'kp-1');
  return { log, r1, a1 };
}

beforeEach(() => setLang('vi'));
afterEach(cleanup);

describe('alarms for the escalation ladder', () => {
  it('rings for an unanswered welfare check and an officer offline first, and for a decline once the request is short', () => {
    const { log, r1, a1 } = scene();
    log.add(6_000, { type: 'assignment:accepted', data: a1 }, officer('kp-1'));
    log.add(7_000, { type: 'assignment:progressed', data: { ...a1, status: 'on_scene' } }, officer('kp-1'));
    const before = log.state();
    const a2 = log.assign(8_000, r1, 'ky-phu', 'a2', 'kp-2');
    log.add(9_000, { type: 'assignment:declined', data: { ...a2, reason: 'xe hỏng' } }, officer('kp-2'));
    log.add(10_000, { type: 'assignment:welfare_check', data: a1 }, system);
    log.add(
      20_000,
      { type: 'assignment:welfare_alert', data: { ...a1, officerCommune: 'ky-phu', checkAt: T0 + 10_000 } },
      system,
    );
    log.add(
      21_000,
      {
        type: 'officer:offline_alert',
        data: { requestId: r1, commune: 'ky-phu', officerId: 'kp-1', assignmentId: 'a1', offlineSince: T0 + 1_000 },
      },
      system,
    );
    const rungBefore = new Set(standingAlarms(before, { now: T0 + 7_000 }).map((a) => a.key));
    const standing = standingAlarms(log.state(), { now: T0 + 21_000 });
    // Safety first. kp-2's decline needs nothing: the one officer wanted (kp-1) is on the request.
    expect(standing.map((c) => [c.kind, c.officerId])).toEqual([
      ['welfare_alert', 'kp-1'],
      ['officer_offline', 'kp-1'],
    ]);
    expect(alarmsToRing(standing, rungBefore).map((c) => c.kind)).toEqual(['welfare_alert', 'officer_offline']);
    // Withdrawn, kp-1 leaves the request short: the decline now stands (and the safety alarms went with kp-1).
    log.add(22_000, { type: 'assignment:removed', data: { ...a1, reason: '' } });
    expect(standingAlarms(log.state(), { now: T0 + 22_000 }).map((c) => [c.kind, c.officerId])).toEqual([
      ['assignment_declined', 'kp-2'],
    ]);
    // The same state again rings nothing.
    expect(alarmsToRing(standing, new Set(standing.map((a) => a.key)))).toEqual([]);
  });
});

describe('offer next', () => {
  it('after an expiry offers the nearest available officer who has not turned the request down', () => {
    const { log, r1, a1 } = scene();
    expect(nextOffer(log.state(), {}, cluster, r1)).toBeNull();
    log.add(65_000, { type: 'assignment:expired', data: a1 }, system);
    // pl-1 (of another commune) stands at the Kỳ Phú post; kp-2's last fix is far off, near Cúc Phương.
    const positions: OfficerPosition[] = [
      { officerId: 'pl-1', lat: 20.2167, lon: 105.7485, accuracy: 10, at: T0, receivedAt: T0 },
      { officerId: 'kp-2', lat: 20.3, lon: 105.6, accuracy: 10, at: T0, receivedAt: T0 },
    ];
    const offer = nextOffer(log.state(), positions, cluster, r1);
    expect(offer?.turnedDown.id).toBe('a1');
    expect(offer?.next?.officerId).toBe('pl-1');
    // With presence known, as the console has it, an offline officer is not the one offered while a
    // connected one is free: the same ranking as the console's suggestion list.
    const known = { online: new Set(['kp-2']), now: T0 + 65_000 };
    expect(nextOffer(log.state(), positions, cluster, r1, undefined, known)?.next?.officerId).toBe('kp-2');

    // Once someone new is on it (here the server's automatic reassignment), the offer is gone.
    log.assign(66_000, r1, 'ky-phu', 'a3', 'pl-1');
    expect(nextOffer(log.state(), positions, cluster, r1)).toBeNull();
  });

  it('never offers the officer who declined, and says so when nobody is left', () => {
    const log = new EventLog();
    const r1 = log.raise(0, 1, 'ky-phu', 'high');
    log.onDuty(0, 'kp-1');
    const a1 = log.assign(1_000, r1, 'ky-phu', 'a1', 'kp-1');
    log.add(2_000, { type: 'assignment:declined', data: { ...a1, reason: '' } }, officer('kp-1'));
    const offer = nextOffer(log.state(), {}, cluster, r1);
    expect(offer?.turnedDown.status).toBe('declined');
    expect(offer?.next).toBeNull();
  });

  it('one click on the panel assigns the offered officer', () => {
    const { log, r1, a1 } = scene();
    log.add(3_000, { type: 'assignment:declined', data: { ...a1, reason: 'đang xử lý vụ khác' } }, officer('kp-1'));
    const offer = nextOffer(log.state(), {}, cluster, r1)!;
    const onAssign = vi.fn();
    render(<OfferNext t={createT('vi', messages)} cluster={cluster} offer={offer} busy={false} onAssign={onAssign} />);
    const panel = screen.getByTestId('offer-next');
    expect(panel.textContent).toContain('KP-1 từ chối lúc 14:00');
    expect(panel.textContent).toContain('đang xử lý vụ khác');
    fireEvent.click(screen.getByRole('button', { name: new RegExp(`^Giao cho ${offer.next!.callsign}`) }));
    expect(onAssign).toHaveBeenCalledWith(offer.next!.officerId);
  });
});
