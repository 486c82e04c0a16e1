import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import YAML from 'yaml';
import { loadContent } from '../src/content/load';
import { DistressDetector } from '../src/support/distress';
import { summarize } from './stats';

/**
 * Words of distress are looked for in every text message, before anything else, so their cost is
 * paid on every turn. Latency per message over the labelled questions, plus a long message.
 */
export async function run(): Promise<void> {
  const root = path.resolve(__dirname, '..', '..');
  const content = loadContent(path.join(root, 'content'));
  const t0 = performance.now();
  const detector = new DistressDetector(content);
  const t1 = performance.now();
  const questions = (YAML.parse(fs.readFileSync(path.join(root, 'test/fixtures/questions.yaml'), 'utf8')) as { questions: Array<{ q: string }> }).questions.map((q) => q.q);
  for (const q of questions) detector.detect(q); // warm-up
  const times: number[] = [];
  for (let round = 0; round < 50; round++) {
    for (const q of questions) {
      const s = performance.now();
      detector.detect(q);
      times.push(performance.now() - s);
    }
  }
  const long = questions.join(' ').slice(0, 5000);
  const longTimes: number[] = [];
  for (let i = 0; i < 200; i++) {
    const s = performance.now();
    detector.detect(long);
    longTimes.push(performance.now() - s);
  }
  const phrases = content.support.distress.victim.length + content.support.distress.perpetrator.length;
  process.stdout.write(
    `${phrases} phrases compiled in ${(t1 - t0).toFixed(1)} ms\n` +
      `detect, ${questions.length} questions x 50: ${summarize(times)}\n` +
      `detect, one 5,000-character message (cut at 2,000): ${summarize(longTimes)}\n`,
  );
}
