import path from 'node:path';
import express, { type Express } from 'express';
import { createExpressMiddleware } from '@trpc/server/adapters/express';
import type { Db } from '../db/knex.ts';
import type { ServerConfig } from '../config.ts';
import { appRouter } from '../trpc/app-router.ts';
import { assertEveryProcedureDeclares } from '../trpc/init.ts';
import type { Context } from '../trpc/context.ts';
import { authenticate } from '../auth/tokens.ts';
import { corsAllowList } from './cors.ts';
import { addinAssets } from './addin.ts';
import { componentAssets } from './components.ts';
import { jsonLogger, requestLog, type Logger } from './logging.ts';
import { RateLimiter } from './rate-limit.ts';

const DEMO_DIR = path.resolve(import.meta.dirname, '../../demo');
const DIST_DIR = path.resolve(import.meta.dirname, '../../dist');

export function createApp(
  db: Db,
  config: ServerConfig,
  logger: Logger = jsonLogger(config.logLevel),
): Express {
  assertEveryProcedureDeclares(appRouter);
  const rateLimiter = new RateLimiter(config.rateLimitPerMinute);
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  app.use(requestLog(logger));
  app.use(corsAllowList(config.corsOrigins));

  app.get('/healthz', async (_req, res) => {
    try {
      await db.raw('select 1');
      res.json({ ok: true });
    } catch {
      res.status(503).json({ ok: false, message: 'database unavailable' });
    }
  });

  app.use(
    '/trpc',
    createExpressMiddleware({
      router: appRouter,
      maxBodySize: config.maxBodyBytes,
      maxBatchSize: config.maxBatchSize,
      // tRPC replaces the Vary header that corsAllowList set; CORS answers differ by Origin,
      // so caches must key on it too.
      responseMeta: () => ({ headers: new Headers({ vary: 'Origin' }) }),
      async createContext({ req, res }): Promise<Context> {
        const origin = typeof req.headers.origin === 'string' ? req.headers.origin : null;
        const header = req.headers.authorization ?? '';
        const bearer = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
        const result = bearer ? await authenticate(db, bearer, origin) : null;
        const identity = result && typeof result === 'object' ? result : null;
        if (identity) res.locals.userId = identity.user.id;
        return {
          db,
          config,
          rateLimiter,
          requestId: String(res.locals.requestId),
          ip: req.ip ?? 'unknown',
          origin,
          identity,
          authFailure: typeof result === 'string' ? result : null,
          memo: new Map(),
        };
      },
      onError({ error, path: procedure, req }) {
        if (error.code === 'INTERNAL_SERVER_ERROR') {
          // The full error stays in the server log, keyed by request id; the client sees none of it.
          // The id comes from the response, not ctx: a failure while building ctx has no ctx.
          logger.error({
            requestId: req.res?.locals.requestId,
            procedure,
            message: error.cause?.message ?? error.message,
            stack: error.cause?.stack,
          });
        }
      },
    }),
  );

  app.use(componentAssets(DIST_DIR));
  app.use(addinAssets(path.join(DIST_DIR, 'addin')));
  app.use(express.static(DEMO_DIR, { index: 'index.html' }));
  app.use((_req, res) => {
    res.status(404).json({ ok: false, message: 'Not found' });
  });
  return app;
}
