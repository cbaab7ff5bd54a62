// Time left until a server-set deadline, ticking each second; `serverOffsetMs` corrects the device clock.
import { useNow } from '../hooks/use-now';
import { useFormat } from '../i18n';

export function timeLeftMs(deadlineAt: number, deviceNow: number, serverOffsetMs: number): number {
  return Math.max(0, deadlineAt - (deviceNow + serverOffsetMs));
}

export function Countdown(props: {
  deadlineAt: number;
  serverOffsetMs: number;
  render: (clock: string, leftMs: number) => string;
  expiredText: string;
}) {
  const now = useNow(1000);
  const format = useFormat();
  const left = timeLeftMs(props.deadlineAt, now, props.serverOffsetMs);
  return (
    <span className={`countdown ${left <= 15_000 ? 'countdown-urgent' : ''}`} role="timer" aria-live="off">
      {left > 0 ? props.render(format.duration(left, 'clock'), left) : props.expiredText}
    </span>
  );
}
