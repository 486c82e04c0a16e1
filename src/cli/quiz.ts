import { dayIn } from '../quiz/availability';
import { openStores, readSetup } from './setup';
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
  const setup = readSetup();
  if (!setup.ok) {
    process.stderr.write(`cannot start: ${setup.message}\n`);
    process.exit(1);
  }
  const { cfg, content } = setup;
  const { stores, pseudonyms } = await openStores(cfg);
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
