// The history API over HTTP, with the same tokens and scopes as the socket (Authorization: Bearer):
//   GET /api/history                     search (dispatchers: all; posts: their commune), paginated
//   GET /api/history/:requestId          one request's full record: timeline, receipts, assignments
//   GET /api/reports/response-times      the response-time report for a period (JSON)
//   GET /api/reports/response-times.csv  the same, one row per request (UTF-8 with BOM)
//   GET /api/replay                      a period's (or one request's) tracks, requests and events
// Officers have no history screen: 403 forbidden. Every query parameter is checked with zod.
import express, { type Request, type Response } from 'express';
import { z } from 'zod';
import { describeIssues, type Cluster } from '../../shared/cluster';
import type { Principal, Role } from '../../shared/domain';
import { HistoryQuerySchema } from '../../shared/history';
import { RequestIdSchema } from '../../shared/ids';
import { ErrorCode, type Refusal } from '../../shared/protocol';
import type { Authenticator } from '../auth/auth';
import type { Clock } from '../clock';
import { refuse } from '../domain/refusal';
import type { HistoryService } from '../history/history-service';
import { reportCsv } from '../history/report-csv';

const DAY_MS = 86_400_000;
/** A report covers at most this long (a year and a bit); a replay at most a day. */
const MAX_REPORT_MS = 400 * DAY_MS;
const MAX_REPLAY_MS = DAY_MS;
/** A request's replay starts this long before it was raised and ends this long after it closed. */
const REPLAY_MARGIN_MS = 5 * 60_000;

const time = z.coerce.number().int().min(0).max(8.64e15);
const PeriodSchema = z
  .object({ from: time, to: time })
  .refine((p) => p.from < p.to, { message: 'from must be before to', path: ['to'] });
const ReportQuerySchema = z.intersection(
  PeriodSchema.refine((p) => p.to - p.from <= MAX_REPORT_MS, { message: 'at most 400 days', path: ['to'] }),
  HistoryQuerySchema.pick({ commune: true, kind: true, priority: true }),
);
const ReplayQuerySchema = z.union([
  z.object({ requestId: RequestIdSchema }),
  PeriodSchema.refine((p) => p.to - p.from <= MAX_REPLAY_MS, { message: 'at most 24 hours', path: ['to'] }),
]);

export interface HistoryRouterDeps {
  auth: Authenticator;
  history: HistoryService;
  cluster: Pick<Cluster, 'communes'>;
  clock: Pick<Clock, 'now'>;
}

export function createHistoryRouter({ auth, history, cluster, clock }: HistoryRouterDeps): express.Router {
  const router = express.Router();
  // Only on these routes: the router is mounted at /api ahead of the others.
  router.use(['/history', '/reports', '/replay'], (_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });

  router.get('/history', async (req, res: Response) => {
    const principal = authorize(req, res, ['dispatcher', 'post']);
    if (!principal) return;
    const query = parse(HistoryQuerySchema, req.query, res);
    if (!query) return;
    res.json(await history.search(principal, query));
  });

  router.get('/history/:requestId', async (req, res: Response) => {
    const principal = authorize(req, res, ['dispatcher', 'post']);
    if (!principal) return;
    const id = parse(RequestIdSchema, req.params.requestId, res);
    if (id === null) return;
    const record = await history.record(principal, id);
    if (!record) {
      res.status(404).json(refuse(ErrorCode.NotFound, `no request ${id} in your history`));
      return;
    }
    res.json({ ok: true, record });
  });

  router.get(['/reports/response-times', '/reports/response-times.csv'], async (req, res: Response) => {
    const principal = authorize(req, res, ['dispatcher', 'post']);
    if (!principal) return;
    const query = parse(ReportQuerySchema, req.query, res);
    if (!query) return;
    const report = await history.report(principal, query, query);
    if (req.path.endsWith('.csv')) {
      const day = new Date(query.from + 7 * 3600_000).toISOString().slice(0, 10);
      res.setHeader('Content-Type', 'text/csv; charset=utf-8');
      res.setHeader('Content-Disposition', `attachment; filename="thoi-gian-phan-ung-${day}.csv"`);
      res.send(reportCsv(report, cluster));
      return;
    }
    res.json({ ok: true, report });
  });

  router.get('/replay', async (req, res: Response) => {
    const principal = authorize(req, res, ['dispatcher']);
    if (!principal) return;
    const query = parse(ReplayQuerySchema, req.query, res);
    if (!query) return;
    if ('requestId' in query) {
      const record = await history.record(principal, query.requestId);
      if (!record) {
        res.status(404).json(refuse(ErrorCode.NotFound, `no request ${query.requestId}`));
        return;
      }
      const from = record.request.raisedAt - REPLAY_MARGIN_MS;
      const end = (record.request.closedAt ?? clock.now()) + REPLAY_MARGIN_MS;
      res.json(await history.replay(from, Math.min(end, from + MAX_REPLAY_MS)));
      return;
    }
    res.json(await history.replay(query.from, query.to));
  });

  router.use((err: unknown, _req: Request, res: Response<Refusal>, _next: express.NextFunction) => {
    console.error('history api error', err);
    res.status(500).json(refuse(ErrorCode.Internal, 'internal error'));
  });

  return router;

  function authorize(req: Request, res: Response<Refusal>, roles: readonly Role[]): Principal | null {
    const header = req.get('authorization') ?? '';
    const token = /^Bearer ([A-Za-z0-9._~+/=-]{1,4096})$/.exec(header)?.[1];
    if (!token) {
      res.status(401).json(refuse(ErrorCode.Unauthenticated, 'no token: send Authorization: Bearer <token>'));
      return null;
    }
    const verified = auth.verify(token);
    if (!verified.ok) {
      res.status(401).json(refuse(ErrorCode.Unauthenticated, verified.message));
      return null;
    }
    if (!roles.includes(verified.principal.role)) {
      res.status(403).json(refuse(ErrorCode.Forbidden, `a ${verified.principal.role} has no history screen`));
      return null;
    }
    return verified.principal;
  }
}

function parse<T>(schema: z.ZodType<T>, raw: unknown, res: Response<Refusal>): T | null {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  res.status(400).json(refuse(ErrorCode.BadRequest, describeIssues(result.error)));
  return null;
}
