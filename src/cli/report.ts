import fs from 'node:fs';
import path from 'node:path';
import type { Locale } from '../content/schemas';
import { createI18n } from '../i18n';
import { dayInZone } from '../reach/calendar';
import { formatReportText } from '../reach/format-text';
import { parsePeriod, periodOf, PeriodError } from '../reach/periods';
import { ReachReporter } from '../reach/report';
import { SQLITE_FILE } from '../stores/sqlite';
import { openStores, readSetup } from './setup';

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
  const setup = readSetup(env);
  if (!setup.ok) {
    io.err(`cannot report: ${setup.message}\n`);
    return 1;
  }
  const { cfg, content } = setup;
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
  const { stores } = await openStores(cfg);
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
