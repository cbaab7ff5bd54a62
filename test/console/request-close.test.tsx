// @vitest-environment jsdom
// Closing a request from the console takes two steps: choose resolve or cancel, then confirm with the
// outcome or reason; Back leaves the request as it was, and a refused command keeps the form open.
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RequestClose } from '../../client/console/request-actions';
import { createT, setLang } from '../../client/i18n';
import { messages } from '../../client/i18n/messages/console';
import type { CommandDraft } from '../../client/net/types';
import type { ConsoleMessage } from '../../client/console/console-text';
import { EventLog } from '../support/event-fixtures';
import { seedCluster as cluster } from '../support/cluster-fixture';

beforeEach(() => setLang('vi'));
afterEach(cleanup);

function renderClose(answer: boolean) {
  const log = new EventLog();
  log.raise(0, 1, 'ky-phu', 'high');
  const request = log.state().requests.r1!;
  const sent: { draft: CommandDraft; success: string }[] = [];
  const t = createT('vi', messages);
  const run = (draft: CommandDraft, success: ConsoleMessage) => {
    sent.push({ draft, success: success(t) });
    return Promise.resolve(answer);
  };
  render(<RequestClose t={createT('vi', messages)} cluster={cluster} request={request} closed={false} run={run} />);
  return sent;
}

const button = (name: string) => screen.getByRole('button', { name });

describe('closing a request', () => {
  it('resolves with the chosen outcome and note, then returns to the two buttons', async () => {
    const sent = renderClose(true);
    fireEvent.click(button('Kết thúc yêu cầu'));
    fireEvent.change(screen.getByLabelText('Kết quả'), { target: { value: 'false_alarm' } });
    fireEvent.change(screen.getByLabelText('Ghi chú kết quả'), { target: { value: 'hai bên đã về' } });
    fireEvent.click(button('Xác nhận'));
    await screen.findByRole('button', { name: 'Kết thúc yêu cầu' });
    expect(sent).toEqual([
      {
        draft: { type: 'request:resolve', data: { requestId: 'r1', outcome: 'false_alarm', note: 'hai bên đã về' } },
        success: 'Đã kết thúc yêu cầu.',
      },
    ]);
  });

  it('cancels with a reason; a refusal keeps the form open, Back sends nothing', async () => {
    const sent = renderClose(false);
    fireEvent.click(button('Hủy yêu cầu'));
    fireEvent.change(screen.getByLabelText('Lý do hủy'), { target: { value: 'báo trùng' } });
    fireEvent.click(button('Hủy yêu cầu'));
    await act(async () => {}); // the refusal has come back
    expect(sent.map((s) => s.draft)).toEqual([
      { type: 'request:cancel', data: { requestId: 'r1', reason: 'báo trùng' } },
    ]);
    expect(screen.getByLabelText('Lý do hủy')).toBeTruthy();
    fireEvent.click(button('Quay lại'));
    expect(screen.queryByLabelText('Lý do hủy')).toBeNull();
    expect(sent).toHaveLength(1);
  });
});
