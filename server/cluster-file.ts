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

/** JSON.parse reports a character offset; people fix files by line and column. */
function describeJsonError(err: unknown, text: string): string {
  const message = err instanceof Error ? err.message : String(err);
  const match = /position (\d+)/.exec(message);
  if (!match) return message;
  const offset = Number(match[1]);
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return `${message}; line ${line}, column ${column}`;
}
