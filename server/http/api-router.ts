// The HTTP API beside the socket: login (a signed token for the socket handshake), the public cluster data for
// the map, and what a client needs to know before logging in. Mounted at /api by createServer.
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Cluster } from '../../shared/cluster';
import { describeIssues } from '../../shared/cluster';
import type { ClusterResponse, ConfigResponse } from '../../shared/api';
import {
  ErrorCode,
  LoginRequestSchema,
  PROTOCOL_VERSION,
  type LoginResponse,
  type Refusal,
} from '../../shared/protocol';
import type { Authenticator } from '../auth/auth';
import { ACCOUNT_DISABLED } from '../auth/authenticator';
import { systemClock, type Clock } from '../clock';
import type { ServerConfig } from '../config';
import { refuse } from '../domain/refusal';
import { log } from '../log';
import { LoginThrottle, type ThrottleOptions } from './login-throttle';
import { mapSources } from './map-router';

export const API_BODY_LIMIT = '16kb';

export interface ApiRouterDeps {
  auth: Authenticator;
  cluster: Cluster;
  config: Pick<
    ServerConfig,
    | 'tileUrl'
    | 'tileAttribution'
    | 'eta'
    | 'demo'
    | 'mapTilesFile'
    | 'mapTilesAttribution'
    | 'mapDataFile'
    | 'roadSpeeds'
  >;
  clock?: Pick<Clock, 'now'>;
  throttle?: ThrottleOptions;
  /** The accounts page's routes (admin only), mounted at /api/accounts. */
  accounts?: express.Router;
}

export function createApiRouter({
  auth,
  cluster,
  config,
  clock = systemClock,
  throttle,
  accounts,
}: ApiRouterDeps): express.Router {
  const router = express.Router();
  const loginThrottle = new LoginThrottle(clock, throttle);
  router.use(express.json({ limit: API_BODY_LIMIT }));

  router.post('/login', async (req: Request, res: Response<LoginResponse>) => {
    const key = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    const waitMs = loginThrottle.retryAfterMs(key);
    if (waitMs > 0) {
      const seconds = Math.ceil(waitMs / 1000);
      res.setHeader('Retry-After', String(seconds));
      res.status(429).json(refuse(ErrorCode.RateLimited, `too many failed logins; try again in ${seconds} s`));
      return;
    }
    const body = LoginRequestSchema.safeParse(req.body);
    if (!body.success) {
      res
        .status(400)
        .json(refuse(ErrorCode.BadRequest, `login needs a username and a password: ${describeIssues(body.error)}`));
      return;
    }
    const result = await auth.login(body.data.username, body.data.password);
    if (!result.ok) {
      loginThrottle.recordFailure(key);
      // A disabled account is refused with 403 (the password was right); everything else is 401.
      const status = result.message === ACCOUNT_DISABLED ? 403 : 401;
      const code = status === 403 ? ErrorCode.Forbidden : ErrorCode.Unauthenticated;
      res.status(status).json(refuse(code, result.message));
      return;
    }
    res.setHeader('Cache-Control', 'no-store');
    res.json({ ok: true, token: result.token, expiresAt: result.expiresAt, principal: result.principal });
  });

  router.get('/cluster', (_req: Request, res: Response<ClusterResponse>) => {
    res.json({
      ok: true,
      cluster,
      tileUrl: config.tileUrl,
      tileAttribution: config.tileAttribution,
      eta: { roadFactor: config.eta.roadFactor, speedKmh: config.eta.speedKmh },
      map: mapSources(config),
      roadSpeeds: config.roadSpeeds,
    });
  });

  router.get('/config', (_req: Request, res: Response<ConfigResponse>) => {
    res.json({
      ok: true,
      protocol: PROTOCOL_VERSION,
      demo: config.demo,
      clusterName: cluster.name,
      timezone: cluster.timezone,
      serverTime: clock.now(),
    });
  });

  if (accounts) router.use('/accounts', accounts);

  router.use((req: Request, res: Response<Refusal>) => {
    res.status(404).json(refuse(ErrorCode.NotFound, `no API route ${req.method} ${req.baseUrl}${req.path}`));
  });

  // Body parser failures (bad JSON, too large) and anything unexpected, as JSON refusals rather than HTML pages.
  router.use((err: unknown, _req: Request, res: Response<Refusal>, _next: NextFunction) => {
    const type = typeof err === 'object' && err !== null && 'type' in err ? String(err.type) : '';
    if (type === 'entity.too.large') {
      res.status(413).json(refuse(ErrorCode.TooLarge, `request body larger than ${API_BODY_LIMIT}`));
    } else if (type === 'entity.parse.failed' || type === 'encoding.unsupported' || type === 'charset.unsupported') {
      res.status(400).json(refuse(ErrorCode.BadRequest, `request body is not valid JSON`));
    } else {
      log.error({ err }, 'api error');
      res.status(500).json(refuse(ErrorCode.Internal, 'internal error'));
    }
  });

  return router;
}
