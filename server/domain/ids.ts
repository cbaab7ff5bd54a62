// The ids the server makes: a letter and the seq of the event that creates the record. The log gives
// seqs without gaps or reuse, so ids never collide, and a decision redone after a seq race gets fresh
// ones. shared/ids.ts checks the same shapes when a client sends them back.

/** The request raised by the event at `seq`. */
export function requestIdAt(seq: number): string {
  return `r${seq}`;
}

/** The assignment created by the event at `seq`. */
export function assignmentIdAt(seq: number): string {
  return `a${seq}`;
}

/** The note added by the event at `seq`. */
export function noteIdAt(seq: number): string {
  return `n${seq}`;
}
