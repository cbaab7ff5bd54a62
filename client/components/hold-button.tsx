// A button that acts only after being held (pointer or Space/Enter) for `holdMs`, with a visible fill,
// so a bump of the mouse or a pocket tap does not raise an alarm.
import { useEffect, useRef, useState, type CSSProperties, type KeyboardEvent, type ReactNode } from 'react';

export interface HoldButtonProps {
  onHeld: () => void;
  holdMs?: number;
  label: ReactNode;
  hint: string;
  /** The keyboard alternative, shown only where there is a keyboard (not on touch phones). */
  keyHint?: string;
  holdingText: string;
  className?: string;
}

export function HoldButton({
  onHeld,
  holdMs = 1500,
  label,
  hint,
  keyHint,
  holdingText,
  className = '',
}: HoldButtonProps) {
  const [progress, setProgress] = useState(0);
  const startedAt = useRef<number | null>(null);
  const frame = useRef<number | undefined>(undefined);
  const onHeldRef = useRef(onHeld);
  useEffect(() => {
    onHeldRef.current = onHeld;
  }, [onHeld]);

  const stop = () => {
    startedAt.current = null;
    if (frame.current !== undefined) cancelAnimationFrame(frame.current);
    frame.current = undefined;
    setProgress(0);
  };

  const tick = () => {
    if (startedAt.current === null) return;
    const p = Math.min(1, (performance.now() - startedAt.current) / holdMs);
    setProgress(p);
    if (p >= 1) {
      stop();
      onHeldRef.current();
      return;
    }
    frame.current = requestAnimationFrame(tick);
  };

  const start = () => {
    if (startedAt.current !== null) return;
    startedAt.current = performance.now();
    frame.current = requestAnimationFrame(tick);
  };

  useEffect(
    () => () => {
      if (frame.current !== undefined) cancelAnimationFrame(frame.current);
    },
    [],
  );

  const isHoldKey = (e: KeyboardEvent) => e.key === ' ' || e.key === 'Enter';
  return (
    <button
      type="button"
      className={`hold-button ${className}`.trim()}
      aria-describedby="hold-button-hint"
      onPointerDown={(e) => {
        e.currentTarget.setPointerCapture?.(e.pointerId);
        start();
      }}
      onPointerUp={stop}
      onPointerCancel={stop}
      onPointerLeave={stop}
      onContextMenu={(e) => e.preventDefault()}
      onKeyDown={(e) => {
        if (!isHoldKey(e)) return;
        e.preventDefault(); // no click on Enter: only a full hold counts
        if (!e.repeat) start();
      }}
      onKeyUp={(e) => {
        if (isHoldKey(e)) stop();
      }}
      onBlur={stop}
      style={{ '--hold': progress } as CSSProperties}
      data-holding={progress > 0 ? 'true' : 'false'}
    >
      <span className="hold-fill" aria-hidden="true" />
      <span className="hold-label">{label}</span>
      <span id="hold-button-hint" className="hold-hint">
        {progress > 0 ? holdingText : hint}
        {keyHint && progress === 0 && <span className="hold-key-hint"> {keyHint}</span>}
      </span>
    </button>
  );
}
