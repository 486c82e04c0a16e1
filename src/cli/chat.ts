import readline from 'node:readline';
import { ConsoleAdapter } from '../channels/console/console-adapter';
import { buildRuntime } from '../compose';
import { ConfigError, loadConfig } from '../config';
import { ContentError } from '../content/errors';
import { createLogger } from '../logger';
import pino from 'pino';

/**
 * `npm run chat`: talk to the same bot in the terminal. Works with no environment set (embedded
 * store in ./data). Logs go to stderr at warn level so they do not mix with the conversation.
 */
async function main(): Promise<void> {
  const env = { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' };
  let rt;
  try {
    const cfg = loadConfig(env);
    rt = await buildRuntime(cfg, createLogger(cfg.logLevel, pino.destination(2)), { inbox: { pollMs: 60_000 } });
  } catch (err) {
    if (err instanceof ConfigError || err instanceof ContentError) {
      process.stderr.write(`cannot start: ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const runtime = rt;
  const adapter = runtime.bot.attach(new ConsoleAdapter((line) => process.stdout.write(`${line}\n`)));
  const logic = (ctx: Parameters<typeof runtime.bot.run>[0]) => runtime.bot.run(ctx);
  const interactive = process.stdin.isTTY === true;
  if (interactive) process.stdout.write('(Gõ câu hỏi, hoặc số của một lựa chọn. Ctrl+D hoặc Ctrl+C để kết thúc.)\n');
  await adapter.receive('GET_STARTED', logic);

  const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: interactive });
  const prompt = () => interactive && rl.prompt();
  rl.setPrompt('> ');
  prompt();
  // Lines are handled one after another, even when piped in faster than the bot answers.
  let chain = Promise.resolve();
  rl.on('line', (line) => {
    chain = chain.then(async () => {
      if (line.trim()) {
        if (!interactive) process.stdout.write(`\n> ${line}\n`);
        await adapter.receive(line, logic);
      }
      prompt();
    });
  });
  rl.on('close', () => {
    void chain.then(async () => {
      await runtime.close();
      process.stdout.write('\n');
      process.exit(0);
    });
  });
}

void main();
