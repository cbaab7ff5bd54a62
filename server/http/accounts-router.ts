// /api/accounts: the accounts page of an admin dispatcher. Every route checks the bearer token and that
// its account is an enabled dispatcher with the admin flag, server-side, on each request. Changes go
// through the Roster (the same rules as the roster CLI), are audited before the answer, and take effect
// at once: the Roster pushes a disable or a reset to the server, which ends that account's open sockets on
// every node (cutAccountSockets, through the adapter) before the answer is sent.
import express, { type NextFunction, type Request, type Response } from 'express';
import { describeIssues } from '../../shared/cluster';
import {
  NewAccountRequestSchema,
  type AccountChangeResponse,
  type AccountPasswordResponse,
  type AccountsListResponse,
  type AccountView,
} from '../../shared/accounts-api';
import { ErrorCode, type Refusal } from '../../shared/protocol';
import type { Authenticator } from '../auth/auth';
import type { AuditAction, AuditLog } from '../auth/audit-log';
import { generatePassword } from '../auth/password-prompt';
import { hashPassword } from '../auth/passwords';
import { normalizeUsername, RosterError, USERNAME_PATTERN, type Account, type Roster } from '../auth/roster';
import { refuse } from '../domain/refusal';
import { log } from '../log';

export interface AccountsRouterDeps {
  auth: Authenticator;
  roster: Roster;
  audit: AuditLog;
}

const AUDIT_SHOWN = 50;

interface AdminLocals {
  admin: string;
}

export function createAccountsRouter({ auth, roster, audit }: AccountsRouterDeps): express.Router {
  const router = express.Router();

  router.use((req: Request, res: Response<Refusal, AdminLocals>, next: NextFunction) => {
    res.setHeader('Cache-Control', 'no-store');
    const header = req.headers.authorization ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7).trim() : '';
    const verified = token ? auth.verify(token) : { ok: false as const, message: 'no bearer token' };
    if (!verified.ok) {
      res.status(401).json(refuse(ErrorCode.Unauthenticated, verified.message));
      return;
    }
    const account = roster.get(verified.principal.accountId);
    if (!account || account.role !== 'dispatcher' || account.admin !== true) {
      log.warn({ account: verified.principal.accountId, path: req.path }, 'accounts: refused a non-admin');
      res.status(403).json(refuse(ErrorCode.Forbidden, 'only an admin dispatcher may manage accounts'));
      return;
    }
    res.locals.admin = account.username;
    next();
  });

  const record = (admin: string, action: AuditAction, username: string, detail?: string) => {
    const actor = `admin:${admin}`;
    audit.record({ actor, action, username, ...(detail !== undefined ? { detail } : {}) });
    log.info({ actor, action, username }, `accounts: ${action} ${username} by ${admin}`);
  };

  router.get('/', (_req: Request, res: Response<AccountsListResponse, AdminLocals>) => {
    res.json({
      ok: true,
      accounts: roster.list().map(viewOf),
      audit: audit.recent(AUDIT_SHOWN),
      self: res.locals.admin,
    });
  });

  router.post('/', async (req: Request, res: Response<AccountPasswordResponse, AdminLocals>) => {
    const body = NewAccountRequestSchema.safeParse(req.body);
    if (!body.success) {
      res.status(400).json(refuse(ErrorCode.BadRequest, describeIssues(body.error)));
      return;
    }
    const input = body.data;
    // The scope is checked before the (slow) hash, as the CLI does.
    const problem = roster.scopeProblem(input);
    if (problem) {
      res.status(400).json(refuse(ErrorCode.BadRequest, problem));
      return;
    }
    const password = generatePassword();
    const account = roster.add({
      username: input.username,
      role: input.role,
      passwordHash: await hashPassword(password),
      ...(input.displayName?.trim() ? { displayName: input.displayName } : {}),
      ...(input.commune !== undefined ? { commune: input.commune } : {}),
      ...(input.officerId !== undefined ? { officerId: input.officerId } : {}),
      ...(input.admin ? { admin: true } : {}),
    });
    record(res.locals.admin, 'account.add', account.username, scopeText(account));
    res.status(201).json({ ok: true, account: viewOf(account), password });
  });

  router.post(
    '/:username/reset-password',
    async (req: Request, res: Response<AccountPasswordResponse, AdminLocals>) => {
      const username = pathUsername(req);
      const password = generatePassword();
      const account = roster.setPasswordHash(username, await hashPassword(password));
      record(res.locals.admin, 'account.reset_password', account.username);
      res.json({ ok: true, account: viewOf(account), password });
    },
  );

  for (const action of ['disable', 'enable'] as const) {
    router.post(`/:username/${action}`, (req: Request, res: Response<AccountChangeResponse, AdminLocals>) => {
      const username = pathUsername(req);
      if (action === 'disable' && username === res.locals.admin) {
        res.status(409).json(refuse(ErrorCode.InvalidState, 'an admin cannot disable their own account'));
        return;
      }
      const account = roster.setDisabled(username, action === 'disable');
      record(res.locals.admin, action === 'disable' ? 'account.disable' : 'account.enable', account.username);
      res.json({ ok: true, account: viewOf(account) });
    });
  }

  // Roster refusals as the same codes the CLI's messages carry.
  router.use((err: unknown, _req: Request, res: Response<Refusal>, next: NextFunction) => {
    if (!(err instanceof RosterError)) {
      next(err);
      return;
    }
    if (err.kind === 'not_found') res.status(404).json(refuse(ErrorCode.NotFound, err.message));
    else if (err.kind === 'conflict') res.status(409).json(refuse(ErrorCode.InvalidState, err.message));
    else if (err.kind === 'invalid') res.status(400).json(refuse(ErrorCode.BadRequest, err.message));
    else next(err);
  });
  return router;
}

function pathUsername(req: Request): string {
  const raw = req.params.username;
  const username = normalizeUsername(typeof raw === 'string' ? raw : '');
  if (!USERNAME_PATTERN.test(username))
    throw new RosterError('not_found', `no account named "${username.slice(0, 64)}"`);
  return username;
}

export function viewOf(account: Account): AccountView {
  return {
    username: account.username,
    role: account.role,
    displayName: account.displayName,
    ...(account.commune !== undefined ? { commune: account.commune } : {}),
    ...(account.officerId !== undefined ? { officerId: account.officerId } : {}),
    admin: account.admin === true,
    disabled: account.disabled,
    createdAt: account.createdAt,
    passwordChangedAt: account.passwordChangedAt,
  };
}

function scopeText(account: Account): string {
  const scope = account.commune ?? account.officerId;
  return `${account.role}${scope ? ` ${scope}` : ''}${account.admin ? ' admin' : ''}`;
}
