import { performance } from 'node:perf_hooks';
import { type Activity, ActivityTypes, TestAdapter } from 'botbuilder';
import { quizStats } from '../src/quiz/stats';
import { embeddedBot } from './embedded-bot';
import { memoryMb, summarize } from './stats';

/**
 * Quiz rounds on the embedded store: many residents each play round 2 of the action month to the
 * end (start, ten answers with feedback, the completion with its atomic aggregate increments),
 * concurrently. Then the officer view is computed over what they left behind.
 */
export async function run(): Promise<void> {
  const { bot, content, stores, close } = embeddedBot({ prefix: 'bd-bench-quiz-', now: () => new Date('2026-11-30T03:00:00Z') });
  const script = ['GET_STARTED', 'QUIZ:action-month-2026:r2', ...Array.from({ length: 10 }, (_, i) => 'abc'[i % 3]!)];
  const residents = 200;
  const concurrency = 20;
  const times: number[] = [];
  const finishing: number[] = [];
  const start = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < residents) {
      const i = next++;
      const a = bot.attach(
        new TestAdapter((ctx) => bot.run(ctx), {
          channelId: 'bench',
          conversation: { id: `c${i}`, isGroup: false, conversationType: 'personal', name: 'c' },
          from: { id: `u${i}`, name: 'u' },
          recipient: { id: 'bot', name: 'bot' },
        } as Partial<Activity>),
      );
      for (const [t, text] of script.entries()) {
        const s = performance.now();
        await a.receiveActivity({ type: ActivityTypes.Message, text });
        (t === script.length - 1 ? finishing : times).push(performance.now() - s);
        a.activeQueue.splice(0);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - start) / 1000;
  const s = performance.now();
  const stats = await quizStats(stores.records, content, { k: 5 });
  const statsMs = performance.now() - s;
  const r2 = stats.find((q) => q.quizId === 'action-month-2026')!.rounds.find((r) => r.roundId === 'r2')!;
  process.stdout.write(
    `${residents} residents x ${script.length} turns (a whole round), ${concurrency} at a time: ${((times.length + finishing.length) / seconds).toFixed(0)} turns/s\n` +
      `question turns: ${summarize(times)}\nround-completing turns: ${summarize(finishing)}\n` +
      `officer view over ${r2.completions} completions: ${statsMs.toFixed(1)} ms\n${memoryMb()}\n`,
  );
  await close();
}
