// Big labels break only between phrases: "YÊU CẦU | HỖ TRỢ" wraps as two lines on a phone, never as
// "YÊU CẦU HỖ / TRỢ". The catalogue marks the allowed breaks with "|".
import { Fragment } from 'react';

export function Phrases({ text }: { text: string }) {
  return (
    <>
      {text.split('|').map((part, i) => (
        <Fragment key={i}>
          {i > 0 && ' '}
          <span className="phrase">{part.trim()}</span>
        </Fragment>
      ))}
    </>
  );
}
