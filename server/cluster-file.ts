// Loads the cluster (communes, posts, officers, map areas) from a JSON file, so the software serves any
// cluster without code changes. Any problem stops start-up with a message naming the file and the bad field.
import fs from 'node:fs';
import { ClusterSchema, describeIssues, type Cluster } from '../shared/cluster';

export class ClusterFileError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ClusterFileError';
  }
}

export function loadClusterFile(file: string): Cluster {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new ClusterFileError(`cluster file ${file}: cannot read it (${(err as Error).message})`, { cause: err });
  }
  return parseClusterText(text, file);
}

/** Parses and validates cluster JSON; `file` only names the source in messages. */
export function parseClusterText(text: string, file: string): Cluster {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new ClusterFileError(`cluster file ${file}: not valid JSON (${describeJsonError(err, text)})`, {
      cause: err,
    });
  }
  const parsed = ClusterSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ClusterFileError(`cluster file ${file}: ${describeIssues(parsed.error)}`, { cause: parsed.error });
  }
  return parsed.data;
}

/** People fix files by line and column; JSON.parse gives an offset at best, and none for an unexpected token. */
function describeJsonError(err: unknown, text: string): string {
  const message = err instanceof Error ? err.message : String(err);
  const match = /at position (\d+)/.exec(message);
  const offset = match ? Number(match[1]) : firstBadOffset(text);
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return `${message.split('\n')[0]}; line ${line}, column ${column}`;
}

/**
 * The offset of the first character no valid JSON could continue with: the shortest prefix that fails for a
 * reason other than ending too early. Found by bisection, since every shorter prefix only ends too early.
 */
function firstBadOffset(text: string): number {
  const endsEarly = (length: number): boolean => {
    try {
      JSON.parse(text.slice(0, length));
      return true;
    } catch (err) {
      const message = (err as Error).message;
      const at = /at position (\d+)/.exec(message);
      return message.includes('end of JSON input') || (at !== null && Number(at[1]) >= length);
    }
  };
  let low = 0;
  let high = text.length;
  while (low < high) {
    const mid = Math.floor((low + high) / 2);
    if (endsEarly(mid + 1)) low = mid + 1;
    else high = mid;
  }
  return low;
}
