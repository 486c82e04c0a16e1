import { GraphApiError, MessengerClient } from '../channels/messenger/client';
import { applyMessengerProfile, desiredProfile } from '../channels/messenger/profile';
import { createI18n } from '../i18n';
import { createLogger } from '../logger';
import { readSetup } from './setup';

/**
 * `npm run messenger:profile [-- --dry-run]`: sets the Page's Get Started button, greeting and
 * persistent menu from content/locales. Safe to run again: it reads first and writes only what
 * differs, in at most two calls (the Profile API allows 10 per 10 minutes).
 */
async function main(): Promise<number> {
  const dryRun = process.argv.includes('--dry-run');
  const setup = readSetup();
  if (!setup.ok) {
    process.stderr.write(`cannot start: ${setup.message}\n`);
    return 1;
  }
  const { cfg, content } = setup;
  if (!cfg.messenger) {
    process.stderr.write('Messenger is not configured: set MESSENGER_APP_SECRET, MESSENGER_VERIFY_TOKEN and MESSENGER_PAGE_ACCESS_TOKEN\n');
    return 2;
  }
  const profile = desiredProfile(createI18n(content));
  const client = new MessengerClient(
    { apiBase: cfg.messenger.apiBase, pageAccessToken: cfg.messenger.pageAccessToken, appSecret: cfg.messenger.appSecret },
    createLogger(cfg.logLevel === 'info' ? 'warn' : cfg.logLevel),
  );
  try {
    const outcome = await applyMessengerProfile(client, profile, { dryRun });
    for (const f of outcome.unchanged) process.stdout.write(`${f}: unchanged\n`);
    for (const f of outcome.changed) process.stdout.write(`${f}: ${dryRun ? 'would be set' : 'set'}\n`);
    process.stdout.write(`${outcome.calls} Profile API call(s)\n`);
    return 0;
  } catch (err) {
    if (err instanceof GraphApiError) {
      const hint =
        err.kind === 'rate'
          ? "Meta's Profile API allows 10 calls in 10 minutes per Page: wait 10 minutes and run again."
          : err.kind === 'token' || err.kind === 'permission'
            ? 'Meta refused the page token: check MESSENGER_PAGE_ACCESS_TOKEN (a Page token with pages_messaging).'
            : err.kind === 'transient'
              ? 'the Graph API did not answer properly; try again in a few minutes.'
              : 'Meta refused the request.';
      process.stderr.write(`failed (status ${err.status ?? '-'}, code ${err.graphCode ?? '-'}): ${hint}\n`);
      return 1;
    }
    throw err;
  }
}

void main().then((code) => process.exit(code));
