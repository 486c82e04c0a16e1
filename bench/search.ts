import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import YAML from 'yaml';
import { loadContent } from '../src/content/load';
import { KnowledgeIndex } from '../src/search/knowledge-index';
import { memoryMb, summarize } from './stats';

/** Search latency per query over the whole knowledge base, with the labelled questions as load. */
export async function run(): Promise<void> {
  const root = path.resolve(__dirname, '..', '..');
  const t0 = performance.now();
  const content = loadContent(path.join(root, 'content'));
  const t1 = performance.now();
  const index = new KnowledgeIndex(content);
  const t2 = performance.now();
  const questions = (YAML.parse(fs.readFileSync(path.join(root, 'test/fixtures/questions.yaml'), 'utf8')) as { questions: Array<{ q: string }> }).questions.map((q) => q.q);
  for (const q of questions) index.search(q, 'vi'); // warm-up
  const times: number[] = [];
  for (let round = 0; round < 20; round++) {
    for (const q of questions) {
      const s = performance.now();
      index.search(q, 'vi');
      times.push(performance.now() - s);
    }
  }
  process.stdout.write(
    `articles: ${content.articles.vi.length} vi + ${content.articles.en.length} en; content load ${(t1 - t0).toFixed(0)} ms, index build ${(t2 - t1).toFixed(0)} ms\n` +
      `search (both languages when the first is unsure), ${questions.length} questions x 20: ${summarize(times)}\n${memoryMb()}\n`,
  );
}
