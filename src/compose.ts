import type { Express } from 'express';
import { BinhDangBot } from './bot/bot';
import { Inbox, DEFAULT_INBOX_OPTIONS, type InboxOptions } from './bot/inbox';
import { buildChannels, type ChannelFactory } from './channels';
import type { Config } from './config';
import { loadContent } from './content/load';
import type { Content } from './content/types';
import { createApp, type ReadinessCheck } from './http/app';
import { dashboardMount } from './dashboard';
import { createI18n, type I18n } from './i18n';
import type { Logger } from './logger';
import { createMetrics, type Metrics } from './metrics';
import { Cipher, Pseudonymizer } from './privacy/crypto';
import { resolveSecrets } from './privacy/secrets';
import { KnowledgeIndex } from './search/knowledge-index';
import { createStores } from './stores';
import type { Stores } from './stores/ports';
import { staleServices } from './content/checks';
import { CallbackDesk } from './support/callback-desk';
import { QuietList } from './support/quiet';
import { ReachReporter } from './reach/report';

/** Everything one running bot is made of. Built by `buildRuntime`, used by main, chat and tests. */
export interface Runtime {
  cfg: Config;
  logger: Logger;
  content: Content;
  i18n: I18n;
  metrics: Metrics;
  stores: Stores;
  pseudonyms: Pseudonymizer;
  cipher: Cipher;
  index: KnowledgeIndex;
  bot: BinhDangBot;
  inbox: Inbox;
  /** Reach reports (the dashboard and its JSON API call this). */
  reachReports: ReachReporter;
  app: Express;
  /** Which channels are live, for the startup log. */
  channels: string[];
  /**
   * For the officers' dashboard (callback requests, audited) and any future broadcaster (skip
   * people who entered the support path: `support.quiet.isQuiet(channel, userId)`).
   */
  support: { callbacks: CallbackDesk; quiet: QuietList };
  close(): Promise<void>;
}

export interface RuntimeOptions {
  /** Pass a loaded Content to skip reading the folder again (tests). */
  content?: Content;
  defaultMetrics?: boolean;
  inbox?: Partial<InboxOptions>;
  /** Channels to build instead of CHANNEL_FACTORIES (tests plug in a minimal webhook). */
  channels?: ChannelFactory[];
}

/**
 * The composition root's work: config -> content -> stores -> bot -> channels -> http.
 * Nothing here listens on a port; main.ts does.
 */
export async function buildRuntime(cfg: Config, logger: Logger, opts: RuntimeOptions = {}): Promise<Runtime> {
  const content = opts.content ?? loadContent(cfg.contentDir);
  for (const s of staleServices(content, cfg.serviceVerifiedMaxAgeDays)) {
    logger.warn({ service: s.id, verified: s.verified }, 'directory entry verified too long ago: check its number again');
  }
  const secrets = resolveSecrets(cfg);
  const pseudonyms = new Pseudonymizer(secrets.pseudonymSecret);
  const cipher = new Cipher(secrets.dataEncryptionKey);
  const stores = await createStores(cfg, { pseudonyms, cipher }, logger);
  const i18n = createI18n(content, cfg.defaultLocale);
  const metrics = createMetrics({ defaultMetrics: opts.defaultMetrics });
  const index = new KnowledgeIndex(content);
  const bot = new BinhDangBot({
    content,
    services: { records: stores.records, pseudonyms, cipher, now: () => new Date(), config: cfg, reach: stores.reach },
    i18n,
    state: stores.state,
    logger,
    metrics,
    index,
    options: { defaultLocale: cfg.defaultLocale, rateLimitPerMinute: cfg.rateLimitPerMinute },
  });
  const reachReports = new ReachReporter({ ledger: stores.reach, records: stores.records, content, i18n, minCell: cfg.reachMinCell, now: () => new Date() });
  const inbox = new Inbox(stores.inbox, pseudonyms, cipher, logger, metrics, { ...DEFAULT_INBOX_OPTIONS, leaseMs: cfg.inboxLeaseMs, ...opts.inbox });

  const live = buildChannels({ cfg, logger, metrics, content, bot, inbox, stores, pseudonyms, cipher }, opts.channels);
  const readiness: ReadinessCheck[] = [
    { name: 'state', check: () => stores.state.ping() },
    { name: 'records', check: () => stores.records.ping() },
    { name: 'inbox', check: () => stores.inbox.ping() },
    ...live.flatMap((c) => c.readiness ?? []),
  ];
  const support = { callbacks: new CallbackDesk(stores.records, cipher), quiet: new QuietList(stores.state, cfg.supportQuietMs) };
  const proactive = new Map(live.flatMap((c) => (c.proactive ? [[c.proactive.channelId, c.proactive.send] as const] : [])));
  const dashboard = dashboardMount({ cfg, content, i18n, logger, stores, reach: reachReports, callbacks: support.callbacks, proactive });
  const app = createApp({
    logger,
    metrics,
    bodyLimitBytes: cfg.bodyLimitBytes,
    readiness,
    mounts: [...live.map((c) => (a: Express) => c.mount(a)), dashboard],
  });
  for (const c of live) await c.start?.();

  if (secrets.development) {
    logger.warn('using development secrets stored in DATA_DIR: set PSEUDONYM_SECRET and DATA_ENCRYPTION_KEY for real use');
  }
  inbox.start();

  const channels = live.map((c) => c.name);
  return {
    cfg,
    logger,
    content,
    i18n,
    metrics,
    stores,
    pseudonyms,
    cipher,
    index,
    bot,
    inbox,
    reachReports,
    app,
    channels,
    support,
    async close() {
      await inbox.stop();
      for (const c of live) await c.close?.();
      await bot.idle();
      await stores.close();
    },
  };
}
