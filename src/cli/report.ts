import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, loadConfig } from '../config';
import { ContentError } from '../content/errors';
import { loadContent } from '../content/load';
import type { Locale } from '../content/schemas';
import { createI18n } from '../i18n';
import { Cipher, Pseudonymizer } from '../privacy/crypto';
import { resolveSecrets } from '../privacy/secrets';
import { dayInZone } from '../reach/calendar';
import { formatReportText } from '../reach/format-text';
import { parsePeriod, periodOf, PeriodError } from '../reach/periods';
import { ReachReporter } from '../reach/report';
import { createStores } from '../stores';
import { SQLITE_FILE } from '../stores/sqlite';

const USAGE = 'usage: npm run report -- [--period 2026-Q4 | 2026 | 2026-11 | 2026-W47 | 2026-11-30] [--json] [--en]\n';

export interface CliIo {
  out: (s: string) => void;
  err: (s: string) => void;
}

function option(args: string[], name: string): string | undefined {
  const i = args.findIndex((a) => a === name || a.startsWith(`${name}=`));
  if (i < 0) return undefined;
  return args[i]!.includes('=') ? args[i]!.slice(name.length + 1) : args[i + 1];
}

/**
 * `npm run report -- --period 2026-Q4 [--json] [--en]`: the reach report an officer would see on
 * the dashboard, for an operator without it. Reads the same stores as the bot (DATA_DIR, or the
 * cluster stores), never writes to them. Without --period: the current quarter. Returns the exit
 * code: 0, 1 (configuration, content or store problem), 2 (bad arguments).
 */
export async function runReportCli(args: string[], env: NodeJS.ProcessEnv, io: CliIo): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.out(USAGE);
    return 0;
  }
  const locale: Locale = args.includes('--en') ? 'en' : 'vi';
  let cfg;
  let content;
  try {
    cfg = loadConfig(env);
    content = loadContent(cfg.contentDir);
  } catch (err) {
    if (err instanceof ConfigError || err instanceof ContentError) {
      io.err(`cannot report: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
  const startMonth = content.area.campaignYear.startMonth;
  const requested = option(args, '--period') ?? args.find((a) => !a.startsWith('-'));
  let period;
  try {
    period = requested ? parsePeriod(requested, startMonth) : periodOf('quarter', dayInZone(new Date(), content.area.timezone));
  } catch (err) {
    if (err instanceof PeriodError) {
      io.err(`${err.message}\n${USAGE}`);
      return 2;
    }
    throw err;
  }
  const embedded = !cfg.redisUrl && !cfg.mongodbUri;
  if (embedded && !fs.existsSync(path.join(cfg.dataDir, SQLITE_FILE))) {
    io.err(`cannot report: no database in DATA_DIR (${cfg.dataDir}): has the bot run here?\n`);
    return 1;
  }
  const secrets = resolveSecrets(cfg);
  const stores = await createStores(cfg, { pseudonyms: new Pseudonymizer(secrets.pseudonymSecret), cipher: new Cipher(secrets.dataEncryptionKey) });
  try {
    const i18n = createI18n(content);
    const reporter = new ReachReporter({ ledger: stores.reach, records: stores.records, content, i18n, minCell: cfg.reachMinCell, now: () => new Date() });
    const report = await reporter.report(period, { locale });
    io.out(args.includes('--json') ? JSON.stringify(report, null, 2) + '\n' : formatReportText(report, i18n));
    return 0;
  } finally {
    await stores.close();
  }
}

if (require.main === module) {
  void runReportCli(process.argv.slice(2), process.env, {
    out: (s) => process.stdout.write(s),
    err: (s) => process.stderr.write(s),
  }).then((code) => {
    process.exitCode = code;
  });
}
