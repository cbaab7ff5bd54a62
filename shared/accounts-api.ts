// The accounts page's HTTP contract (/api/accounts, an admin dispatcher's bearer token): what it sends,
// what it gets back. Passwords are made by the server and returned once; hashes never leave it.
import { z } from 'zod';
import { RoleSchema, type Role } from './domain';
import type { Ack } from './protocol';

export const NewAccountRequestSchema = z.object({
  username: z.string().min(1).max(64),
  role: RoleSchema,
  displayName: z.string().max(120).optional(),
  commune: z.string().min(1).max(64).optional(),
  officerId: z.string().min(1).max(64).optional(),
  admin: z.boolean().optional(),
});
export type NewAccountRequest = z.infer<typeof NewAccountRequestSchema>;

/** An account as the page shows it: everything but the password hash. */
export interface AccountView {
  username: string;
  role: Role;
  displayName: string;
  commune?: string;
  officerId?: string;
  admin: boolean;
  disabled: boolean;
  createdAt: number;
  passwordChangedAt: number;
}

export interface AuditView {
  at: number;
  actor: string;
  action: 'account.add' | 'account.disable' | 'account.enable' | 'account.reset_password';
  username: string;
  detail?: string;
}

export type AccountsListResponse = Ack<{ accounts: AccountView[]; audit: AuditView[]; self: string }>;
/** After add and reset: the new password, shown once on the page and nowhere else. */
export type AccountPasswordResponse = Ack<{ account: AccountView; password: string }>;
export type AccountChangeResponse = Ack<{ account: AccountView }>;
