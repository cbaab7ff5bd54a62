// The shape check every incoming frame passes before any handler sees it. It walks the payload with an
// explicit stack, never recursion, so no nesting a client chooses can exhaust the call stack, and it
// cannot throw: whatever it meets (a Buffer, a cycle, a getter) ends in an answer.
import { ErrorCode, MAX_MESSAGE_BYTES, type Refusal } from '../shared/protocol';
import { refuse } from './domain/refusal';

/** Deeper than any message of the protocol (a command's `data.location.lat` is 3 levels down). */
export const MAX_DEPTH = 8;
/** More values than any message of the protocol holds (a command has about a dozen). */
export const MAX_NODES = 2000;

export interface FrameLimits {
  bytes: number;
  depth: number;
  nodes: number;
}
export const FRAME_LIMITS: FrameLimits = { bytes: MAX_MESSAGE_BYTES, depth: MAX_DEPTH, nodes: MAX_NODES };

/**
 * null when `args` fits the limits; otherwise the refusal: `too_large` for size (bytes, values),
 * `bad_request` for shape (nesting, binary, cycles). Bytes are counted as the JSON would roughly take.
 */
export function checkFrame(args: readonly unknown[], limits: FrameLimits = FRAME_LIMITS): Refusal | null {
  try {
    return walk(args, limits);
  } catch (error) {
    // Only reachable through something exotic (a proxy); say so rather than let it escape.
    return refuse(ErrorCode.BadRequest, `unreadable message (${error instanceof Error ? error.name : 'error'})`);
  }
}

function walk(root: readonly unknown[], limits: FrameLimits): Refusal | null {
  const stack: { value: unknown; depth: number }[] = [{ value: root, depth: 0 }];
  let bytes = 0;
  let nodes = 0;
  while (stack.length > 0) {
    const { value, depth } = stack.pop() as { value: unknown; depth: number };
    nodes += 1;
    if (nodes > limits.nodes) return refuse(ErrorCode.TooLarge, `more than ${limits.nodes} values in one message`);
    if (depth > limits.depth) return refuse(ErrorCode.BadRequest, `nested deeper than ${limits.depth} levels`);
    if (typeof value === 'string') {
      bytes += Buffer.byteLength(value, 'utf8') + 2;
    } else if (value === null || typeof value !== 'object') {
      bytes += 8;
    } else if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) {
      return refuse(ErrorCode.BadRequest, 'binary data is not part of the protocol');
    } else {
      // Own enumerable keys only, as JSON would see them (`__proto__` from JSON is an own key here).
      const children = Array.isArray(value) ? (value as unknown[]) : Object.values(value);
      if (!Array.isArray(value)) for (const key of Object.keys(value)) bytes += Buffer.byteLength(key, 'utf8') + 3;
      bytes += 2 + children.length;
      if (nodes + stack.length + children.length > limits.nodes) {
        return refuse(ErrorCode.TooLarge, `more than ${limits.nodes} values in one message`);
      }
      for (const child of children) stack.push({ value: child, depth: depth + 1 });
    }
    if (bytes > limits.bytes) return refuse(ErrorCode.TooLarge, `message over ${limits.bytes} bytes`);
  }
  return null;
}
