import express, { type ErrorRequestHandler, type Express, type Request } from 'express';
import helmet from 'helmet';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';

/** A request whose exact bytes were kept, for signature checks (Messenger, Zalo). */
export interface RawBodyRequest extends Request {
  rawBody?: Buffer;
}

export interface ReadinessCheck {
  name: string;
  check: () => Promise<void>;
}

export interface AppDeps {
  logger: Logger;
  metrics: Metrics;
  bodyLimitBytes: number;
  readiness: ReadinessCheck[];
  /** Each channel mounts its routes (webhooks, /api/messages) on the app. */
  mounts: Array<(app: Express) => void>;
}

/**
 * The express app, with nothing started at import time: main.ts listens, tests use supertest.
 * Bodies are parsed once, with the raw bytes kept beside them, because platform signatures are
 * computed over the bytes as sent (re-serialised JSON changes escapes and breaks them).
 */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback, linklocal, uniquelocal');
  app.use(helmet());
  app.use(
    express.json({
      limit: deps.bodyLimitBytes,
      type: ['application/json', 'application/*+json'],
      verify: (req, _res, buf) => {
        (req as RawBodyRequest).rawBody = Buffer.from(buf);
      },
    }),
  );

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  app.get('/readyz', async (_req, res) => {
    const results = await Promise.all(
      deps.readiness.map(async (c) => {
        try {
          await withTimeout(c.check(), 2000);
          return { name: c.name, ok: true as const };
        } catch (err) {
          return { name: c.name, ok: false as const, reason: reasonOf(err) };
        }
      }),
    );
    const ready = results.every((r) => r.ok);
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready', checks: results });
  });

  app.get('/metrics', async (_req, res) => {
    res.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
  });

  for (const mount of deps.mounts) mount(app);

  app.use((_req, res) => {
    res.status(404).json({ error: 'not_found' });
  });

  const onError: ErrorRequestHandler = (err: { type?: string; status?: number; statusCode?: number; code?: string }, req, res, _next) => {
    const status = err.status ?? err.statusCode ?? 500;
    if (err.code === 'STORE_UNAVAILABLE') {
      // A store is away (Redis restarting): nothing was accepted, so ask the platform to deliver
      // again later rather than answering 200 for an event that was not stored.
      deps.logger.warn({ path: req.path, status: 503, reason: (err as { safeMessage?: string }).safeMessage }, 'store unavailable: request refused');
      res.status(503).set('Retry-After', '5').json({ error: 'unavailable' });
      return;
    }
    // body-parser's messages can quote the body, so only its type is logged.
    if (err.type === 'entity.too.large') {
      deps.logger.warn({ path: req.path, status: 413 }, 'request body over the limit');
      res.status(413).json({ error: 'payload_too_large', limitBytes: deps.bodyLimitBytes });
    } else if (err.type === 'entity.parse.failed') {
      deps.logger.warn({ path: req.path, status: 400 }, 'malformed JSON body');
      res.status(400).json({ error: 'malformed_json' });
    } else if (status >= 400 && status < 500) {
      res.status(status).json({ error: err.type ?? 'bad_request' });
    } else {
      deps.logger.error({ err, path: req.path }, 'request failed');
      res.status(500).json({ error: 'internal' });
    }
  };
  app.use(onError);
  return app;
}

function reasonOf(err: unknown): string {
  if (err instanceof Error) {
    const e = err as Error & { safeMessage?: string; code?: string };
    return e.safeMessage ?? e.code ?? e.name;
  }
  return 'unavailable';
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(Object.assign(new Error('timed out'), { safeMessage: `no answer within ${ms} ms` })), ms);
    p.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}
