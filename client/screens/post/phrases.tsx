// Big labels break only between phrases: "YÊU CẦU | HỖ TRỢ" wraps as two lines on a phone, never as
// "YÊU CẦU HỖ / TRỢ". The catalogue marks the allowed breaks with "|".
export function Phrases({ text }: { text: string }) {
  const parts = text.split('|');
  return (
    <>
      {parts.map((part, i) => (
        <span key={i} className="phrase">
          {part.trim()}
          {i < parts.length - 1 ? ' ' : ''}
        </span>
      ))}
    </>
  );
}
