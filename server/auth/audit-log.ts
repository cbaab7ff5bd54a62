// Who changed which account, when: one JSON line per change in DATA_DIR/audit.jsonl (owner-only),
// appended and fsynced before the change is reported done. Written by the accounts page and the roster
// CLI alike; never holds a password or a hash, only what was done to whom.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

export const AUDIT_FILE_NAME = 'audit.jsonl';

export const AuditActionSchema = z.enum(['account.add', 'account.disable', 'account.enable', 'account.reset_password']);
export type AuditAction = z.infer<typeof AuditActionSchema>;

export const AuditEntrySchema = z.object({
  at: z.number().int(),
  /** "admin:<username>" for the accounts page, "cli:<os user>" for the roster CLI. */
  actor: z.string(),
  action: AuditActionSchema,
  /** The account changed. */
  username: z.string(),
  /** What was added (role, scope), never a password. */
  detail: z.string().optional(),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

export class AuditLog {
  readonly file: string;

  constructor(
    dataDir: string,
    private readonly now: () => number = Date.now,
  ) {
    this.file = path.join(dataDir, AUDIT_FILE_NAME);
  }

  record(entry: Omit<AuditEntry, 'at'>): AuditEntry {
    const full: AuditEntry = { at: this.now(), ...entry };
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const fd = fs.openSync(this.file, 'a', 0o600);
    try {
      fs.writeSync(fd, `${JSON.stringify(full)}\n`);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    return full;
  }

  /** The newest `limit` entries, newest first; lines that do not parse (a torn tail) are skipped. */
  recent(limit: number): AuditEntry[] {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch {
      return [];
    }
    const entries: AuditEntry[] = [];
    const lines = text.split('\n');
    for (let i = lines.length - 1; i >= 0 && entries.length < limit; i--) {
      const line = lines[i];
      if (!line) continue;
      try {
        const parsed = AuditEntrySchema.safeParse(JSON.parse(line));
        if (parsed.success) entries.push(parsed.data);
      } catch {
        // a torn last line after a crash: skip it
      }
    }
    return entries;
  }
}
