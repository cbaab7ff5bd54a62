// @vitest-environment jsdom
// The console's and the post's side of the field trial that needs no browser: withdrawing asks first,
// an expiry is not called a decline, the post's card says an unanswered welfare check and the outcome,
// fix ages read as ages, a picked point names its commune, and icons are SVG, not emoji.
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { REQUEST_KINDS, assignmentsOf } from '../../shared/domain';
import { suggestResponders } from '../../shared/suggest';
import { SuggestionList } from '../../client/console/suggestion-list';
import { WithdrawButton } from '../../client/console/withdraw-button';
import { KindIcon } from '../../client/components/kind-icon';
import { createT, formatAge, formatLatLon, setLang } from '../../client/i18n';
import { messages as commonMessages } from '../../client/i18n/messages/common';
import { messages as consoleMessages } from '../../client/i18n/messages/console';
import { messages as officerMessages } from '../../client/i18n/messages/officer';
import { messages as postMessages } from '../../client/i18n/messages/post';
import { DispatchProvider, type DispatchContextValue } from '../../client/net/react';
import { communeById } from '../../shared/cluster';
import { communeAt } from '../../shared/commune-at';
import { RequestCard } from '../../client/screens/post/request-card';
import { testConfig } from '../../server/config';
import { EventLog, T0 } from '../support/event-fixtures';
import { seedCluster as cluster } from '../support/cluster-fixture';

const t = createT('vi', consoleMessages);
const officer = (id: string) => ({ role: 'officer' as const, id });
const system = { role: 'system' as const };

beforeEach(() => setLang('vi'));
afterEach(cleanup);

describe('console', () => {
  it('"Rút KP-1" asks before withdrawing, and "Không" leaves the officer on it', async () => {
    const log = new EventLog();
    log.onDuty(0, 'kp-1');
    log.raise(0, 1, 'ky-phu', 'high');
    log.assign(1_000, 'r1', 'ky-phu', 'a1', 'kp-1');
    const assignment = log.state().assignments.a1!;
    const run = vi.fn(() => Promise.resolve(true));
    render(<WithdrawButton t={t} assignment={assignment} callsign="KP-1" busy={false} run={run} />);
    fireEvent.click(screen.getByRole('button', { name: 'Rút KP-1' }));
    expect(run).not.toHaveBeenCalled();
    expect(screen.getByRole('group', { name: 'Rút KP-1 khỏi yêu cầu này?' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Không' }));
    expect(run).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Rút KP-1' }));
    fireEvent.click(screen.getByRole('group').querySelector('.btn-danger')!);
    expect(run).toHaveBeenCalledWith(
      { type: 'assignment:unassign', data: { assignmentId: 'a1', reason: '' } },
      expect.any(Function),
    );
  });

  it('calls an expiry "did not answer" and a decline "declined" in the suggestions', () => {
    const log = new EventLog();
    for (const id of ['kp-1', 'kp-2']) log.onDuty(0, id);
    log.raise(0, 1, 'ky-phu', 'high');
    const a1 = log.assign(1_000, 'r1', 'ky-phu', 'a1', 'kp-1');
    log.add(61_000, { type: 'assignment:expired', data: a1 }, system);
    const a2 = log.assign(62_000, 'r1', 'ky-phu', 'a2', 'kp-2');
    log.add(63_000, { type: 'assignment:declined', data: { ...a2, reason: '' } }, officer('kp-2'));
    const state = log.state();
    const turnedDown = new Map(
      assignmentsOf(state, 'r1').map((a) => [a.officerId, a.status as 'declined' | 'expired']),
    );
    const suggestions = suggestResponders(state, {}, cluster, 'r1');
    render(
      <SuggestionList
        t={t}
        cluster={cluster}
        suggestions={suggestions}
        turnedDown={turnedDown}
        disabled={false}
        onAssign={() => undefined}
      />,
    );
    const text = (id: string) => document.querySelector(`[data-officer="${id}"]`)?.textContent ?? '';
    expect(text('kp-1')).toContain('đã không trả lời yêu cầu này');
    expect(text('kp-1')).not.toContain('từ chối');
    expect(text('kp-2')).toContain('đã từ chối yêu cầu này');
  });
});

describe('post card', () => {
  function renderCard(log: EventLog, requestId: string) {
    const state = log.state();
    const value = {
      client: null,
      session: {
        token: '',
        expiresAt: 0,
        principal: { accountId: 'p', role: 'post', displayName: 'p', commune: 'ky-phu' },
      },
      clusterInfo: { cluster, tileUrl: '', tileAttribution: '', eta: testConfig().eta },
      logout: () => undefined,
    } as unknown as DispatchContextValue;
    return render(
      <DispatchProvider value={value}>
        <RequestCard
          request={state.requests[requestId]!}
          assignments={assignmentsOf(state, requestId)}
          positions={{}}
          onCancel={() => undefined}
        />
      </DispatchProvider>,
    );
  }

  it('says when a responder has not answered the welfare check, and a closed card its outcome and time', () => {
    const log = new EventLog();
    log.onDuty(0, 'pl-1');
    log.raise(0, 1, 'ky-phu', 'critical');
    const a1 = log.assign(1_000, 'r1', 'ky-phu', 'a1', 'pl-1');
    log.add(2_000, { type: 'assignment:accepted', data: a1 }, officer('pl-1'));
    log.add(3_000, { type: 'assignment:welfare_check', data: a1 }, system);
    log.add(
      4_000,
      { type: 'assignment:welfare_alert', data: { ...a1, officerCommune: 'phu-long', checkAt: T0 + 3_000 } },
      system,
    );
    const { unmount } = renderCard(log, 'r1');
    expect(screen.getByRole('alert').textContent).toContain('Cán bộ PL-1 không trả lời kiểm tra an toàn');
    // The responder sits under its own commune, not the requesting one.
    expect(document.body.textContent).toContain('PL-1 (Phú Long)');
    unmount();
    log.add(600_000, {
      type: 'request:resolved',
      data: { requestId: 'r1', commune: 'ky-phu', outcome: 'false_alarm', note: 'hai bên đã về' },
    });
    renderCard(log, 'r1');
    expect(document.querySelector('.request-closed')?.textContent).toBe(
      'Đã xử lý lúc 14:10 · Kết quả: Báo nhầm – hai bên đã về',
    );
  });
});

describe('wording and icons', () => {
  it('a fix age reads as an age, and a point in Vietnamese uses decimal commas', () => {
    expect(formatAge(33_000, 'vi')).toBe('33 giây');
    expect(formatAge(4 * 60_000 + 10_000, 'vi')).toBe('4 phút');
    expect(formatAge(65 * 60_000, 'en')).toBe('1 h 05 min');
    expect(formatLatLon({ lat: 20.2201, lon: 105.7502 }, 'vi')).toBe('20,22010; 105,75020');
    expect(formatLatLon({ lat: 20.2201, lon: 105.7502 }, 'en')).toBe('20.22010, 105.75020');
  });

  it('a point picked on the map names the commune it lies in', () => {
    // The picker's label goes through the shared point-in-polygon helper.
    const pickedCommune = (c: typeof cluster, p: { lat: number; lon: number }) =>
      communeById(c, communeAt(c, p) ?? '')?.name ?? null;
    const kyPhu = cluster.communes.find((c) => c.id === 'ky-phu')!;
    expect(pickedCommune(cluster, kyPhu.post.location)).toBe('Kỳ Phú');
    const thanhMinh = cluster.communes.find((c) => c.id === 'thanh-minh')!;
    expect(pickedCommune(cluster, thanhMinh.center)).toBe('Thành Minh');
  });

  it('no catalogue string carries an emoji, doubled words or "máy chủ"; every kind has an SVG icon', () => {
    for (const catalogue of [commonMessages, consoleMessages, officerMessages, postMessages]) {
      for (const text of [...Object.values(catalogue.vi), ...Object.values(catalogue.en)]) {
        expect(text).not.toMatch(/\p{Extended_Pictographic}/u);
        expect(text).not.toMatch(/(?<!\p{L})(\p{L}+) \1(?!\p{L})/iu);
      }
      for (const text of Object.values(catalogue.vi)) expect(text.toLowerCase()).not.toContain('máy chủ');
    }
    for (const kind of REQUEST_KINDS) {
      const { container, unmount } = render(<KindIcon kind={kind} />);
      expect(container.querySelector('svg')).not.toBeNull();
      unmount();
    }
  });
});
