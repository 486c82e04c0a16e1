import type { Server } from 'node:http';
import { buildRuntime } from './compose';
import { ConfigError, loadConfig } from './config';
import { ContentError } from './content/errors';
import { createLogger } from './logger';

/**
 * Starts the bot: config -> runtime -> listen. SIGTERM/SIGINT stop accepting requests, let the
 * turns in flight finish, then close the stores.
 */
async function main(): Promise<void> {
  let cfg;
  try {
    cfg = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`configuration error: ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const logger = createLogger(cfg.logLevel);
  let runtime;
  try {
    runtime = await buildRuntime(cfg, logger, { defaultMetrics: true });
  } catch (err) {
    if (err instanceof ContentError || err instanceof ConfigError) {
      process.stderr.write(`cannot start: ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const rt = runtime;
  const server: Server = rt.app.listen(cfg.port, cfg.host, () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : cfg.port;
    const off = [
      cfg.messenger ? undefined : 'messenger (set MESSENGER_APP_SECRET, MESSENGER_VERIFY_TOKEN, MESSENGER_PAGE_ACCESS_TOKEN)',
      cfg.zalo ? undefined : 'zalo (set ZALO_APP_ID, ZALO_APP_SECRET, ZALO_OA_SECRET_KEY)',
    ].filter(Boolean);
    logger.info(
      { port, mode: cfg.redisUrl || cfg.mongodbUri ? 'cluster' : 'embedded', stores: rt.stores.describe, channels: rt.channels, channelsOff: off },
      `binhdang-bot listening on http://localhost:${port} (channels: ${rt.channels.join(', ')})`,
    );
  });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing turns in flight');
    const force = setTimeout(() => {
      logger.error('shutdown took longer than 25 s, exiting');
      process.exit(1);
    }, 25_000);
    force.unref();
    server.close();
    server.closeIdleConnections?.();
    void rt
      .close()
      .then(() => {
        logger.info('stopped');
        process.exit(0);
      })
      .catch((err: unknown) => {
        logger.error({ err }, 'error while stopping');
        process.exit(1);
      });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

void main();
