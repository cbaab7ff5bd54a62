// A destructive action behind one inline confirmation (no modal to get lost in on a phone).
import { useState } from 'react';

export function ConfirmButton(props: {
  label: string;
  question: string;
  yes: string;
  no: string;
  onConfirm: () => void;
  disabled?: boolean;
}) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button type="button" className="btn btn-quiet" disabled={props.disabled} onClick={() => setAsking(true)}>
        {props.label}
      </button>
    );
  }
  return (
    <div className="confirm" role="group" aria-label={props.question}>
      <p>{props.question}</p>
      <div className="confirm-actions">
        <button
          type="button"
          className="btn btn-danger"
          onClick={() => {
            setAsking(false);
            props.onConfirm();
          }}
        >
          {props.yes}
        </button>
        <button type="button" className="btn" autoFocus onClick={() => setAsking(false)}>
          {props.no}
        </button>
      </div>
    </div>
  );
}
