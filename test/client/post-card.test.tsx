// @vitest-environment jsdom
// The post's request card and form: a step already passed reads as done ("Đã gửi"), the "not yet
// delivered" wording stays with requests still in the outbox; a new request asks for one officer unless
// the post says it needs more.
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { initialState } from '../../shared/reducer';
import { setLang } from '../../client/i18n';
import { DispatchClient } from '../../client/net/dispatch-client';
import { RaiseForm, type RaiseDraft } from '../../client/screens/post/raise-form';
import { StageSteps } from '../../client/screens/post/stage-steps';
import { principals } from '../support/test-auth';
import { seedCluster } from '../support/cluster-fixture';
import { renderScreen } from './screen-harness';

let client: DispatchClient | null = null;

beforeEach(() => setLang('vi'));
afterEach(() => {
  cleanup();
  client?.stop();
  client = null;
});

const steps = () => screen.getAllByRole('listitem').map((li) => ({ text: li.textContent, state: li.className }));

describe('progress steps of a request the server has', () => {
  it('names the first step "Đã gửi" once it is done, with no "cụm chưa nhận" anywhere', () => {
    render(<StageSteps stage="assigned" />);
    expect(steps()).toEqual([
      { text: 'Đã gửi', state: 'done' },
      { text: 'Cụm đã nhận', state: 'done' },
      { text: 'Đã phân công', state: 'current' },
      { text: 'Đang đến', state: 'todo' },
      { text: 'Có mặt', state: 'todo' },
      { text: 'Đã xử lý', state: 'todo' },
    ]);
    expect(screen.getByRole('list').textContent).not.toMatch(/chưa/);
  });

  it('reads "Sent" in English, never "not yet delivered"', () => {
    render(<StageSteps stage="received" />);
    act(() => setLang('en'));
    expect(steps().slice(0, 2)).toEqual([
      { text: 'Sent', state: 'done' },
      { text: 'Received', state: 'current' },
    ]);
    expect(screen.getByRole('list').textContent).not.toMatch(/not yet/i);
  });
});

describe('the raise form', () => {
  it('asks for one officer by default and sends 1 unless another number is chosen', async () => {
    const cluster = seedCluster;
    client = new DispatchClient({
      token: 'never-checked',
      url: 'http://127.0.0.1:9',
      role: 'post',
      baseState: initialState(cluster),
    });
    const sent: RaiseDraft[] = [];
    const Form = () => <RaiseForm onSend={(d) => sent.push(d)} onClose={() => undefined} />;
    renderScreen(Form, client, principals.post('ky-phu'), cluster);

    const wanted = within(screen.getByRole('group', { name: 'Số cán bộ cần' }));
    expect(wanted.getByRole('button', { name: '1' }).getAttribute('aria-pressed')).toBe('true');
    expect(wanted.getByRole('button', { name: '2' }).getAttribute('aria-pressed')).toBe('false');
    fireEvent.click(screen.getByRole('button', { name: /Gây rối/ }));
    fireEvent.click(screen.getByRole('button', { name: 'GỬI YÊU CẦU' }));
    fireEvent.click(wanted.getByRole('button', { name: '3' }));
    fireEvent.click(screen.getByRole('button', { name: 'GỬI YÊU CẦU' }));
    expect(sent.map((d) => d.respondersWanted)).toEqual([1, 3]);
  });
});
