import { ConfigError, loadConfig } from '../config';
import { ContentError } from '../content/errors';
import { loadContent } from '../content/load';
import { Cipher, Pseudonymizer } from '../privacy/crypto';
import { resolveSecrets } from '../privacy/secrets';
import { dayIn } from '../quiz/availability';
import { createStores } from '../stores';
import { QUIZ_CLI_USAGE, runQuizCommand } from './quiz-commands';

/**
 * `npm run quiz -- verify <code> | redeem <code> | stats [quiz] [--json] | board <quiz> [round]`.
 * Uses the same configuration (DATA_DIR or cluster URLs, secrets) as the running bot.
 */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.length === 0) {
    process.stderr.write(`${QUIZ_CLI_USAGE}\n`);
    process.exit(2);
  }
  let cfg;
  let content;
  try {
    cfg = loadConfig(process.env);
    content = loadContent(cfg.contentDir);
  } catch (err) {
    if (err instanceof ConfigError || err instanceof ContentError) {
      process.stderr.write(`cannot start: ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const secrets = resolveSecrets(cfg);
  const pseudonyms = new Pseudonymizer(secrets.pseudonymSecret);
  const stores = await createStores(cfg, { pseudonyms, cipher: new Cipher(secrets.dataEncryptionKey) });
  try {
    const r = await runQuizCommand(args, {
      records: stores.records,
      pseudonyms,
      content,
      today: dayIn(content.area.timezone, new Date()),
      k: cfg.quiz.minGroupSize,
    });
    process.stdout.write(`${r.out}\n`);
    process.exitCode = r.code;
  } finally {
    await stores.close();
  }
}

void main();
