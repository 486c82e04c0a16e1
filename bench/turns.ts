import { performance } from 'node:perf_hooks';
import path from 'node:path';
import fs from 'node:fs';
import { type Activity, ActivityTypes, TestAdapter } from 'botbuilder';
import { embeddedBot } from './embedded-bot';
import { memoryMb, summarize } from './stats';

/**
 * Turns per second through the bot core on the embedded store: middleware, router, search,
 * state read and write (pseudonymised, sealed, SQLite WAL). Many residents, each a short
 * conversation, run concurrently as they would behind the inbox.
 */
export async function run(): Promise<void> {
  const { bot, dir, close } = embeddedBot({ prefix: 'bd-bench-', recordReach: true });
  const script = ['GET_STARTED', 'LEARN', 'GROUP:violence', 'TOPIC:dv-basics', 'chồng không cho vợ đi làm có sao không', 'ck e hay chui e ngu co phai bao luc ko', 'menu', 'cách nấu phở bò'];
  const residents = 200;
  const concurrency = 20;
  const adapters = Array.from({ length: residents }, (_, i) =>
    bot.attach(
      new TestAdapter((ctx) => bot.run(ctx), {
        channelId: 'bench',
        conversation: { id: `c${i}`, isGroup: false, conversationType: 'personal', name: 'c' },
        from: { id: `u${i}`, name: 'u' },
        recipient: { id: 'bot', name: 'bot' },
      } as Partial<Activity>),
    ),
  );
  const times: number[] = [];
  const start = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < residents) {
      const a = adapters[next++]!;
      for (const text of script) {
        const s = performance.now();
        await a.receiveActivity({ type: ActivityTypes.Message, text });
        times.push(performance.now() - s);
        a.activeQueue.splice(0);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - start) / 1000;
  const dbBytes = fs.readdirSync(dir).reduce((n, f) => n + fs.statSync(path.join(dir, f)).size, 0);
  process.stdout.write(
    `${residents} residents x ${script.length} turns, ${concurrency} at a time: ${(times.length / seconds).toFixed(0)} turns/s\n` +
      `turn latency: ${summarize(times)}\n${memoryMb()}; database ${(dbBytes / 1024).toFixed(0)} KiB\n`,
  );
  await close();
}
