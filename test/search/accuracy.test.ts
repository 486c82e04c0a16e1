import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { KnowledgeIndex } from '../../src/search/knowledge-index';
import { realContent, ROOT } from '../helpers/env';

interface Labelled {
  q: string;
  topic: string;
  kind: 'vi' | 'plain' | 'en' | 'off-topic';
  alt?: string[];
}

const load = (file: string) => (YAML.parse(fs.readFileSync(path.join(ROOT, file), 'utf8')) as { questions: Labelled[] }).questions;

/**
 * The targets on the labelled set (test/fixtures/questions.yaml): top-1 topic accuracy at
 * least 0.92 and off-topic fallback at least 0.9. Measured when set: top-1 0.938, top-3 0.978,
 * wrong direct answers 0.036, off-topic fallback 1.0. That set was read while tuning search and
 * writing articles (never copied: see eval-independence.test.ts), so its figures can flatter.
 */
const TUNED = { file: 'test/fixtures/questions.yaml', minTop1: 0.92, minTop3: 0.95, minFallback: 0.9, maxWrong: 0.07 };
/**
 * The held-out set (test/fixtures/questions-holdout.yaml) was written before any tuning and is
 * not looked at while tuning: the honest estimate. Measured when set: top-1 0.913, top-3 0.983,
 * wrong 0.026, fallback 0.889 (8 of 9). Its thresholds sit a little below, so ordinary edits pass
 * and a real regression does not.
 */
const HELD_OUT = { file: 'test/fixtures/questions-holdout.yaml', minTop1: 0.88, minTop3: 0.95, minFallback: 0.75, maxWrong: 0.07 };

describe('search accuracy on residents’ questions', () => {
  const index = new KnowledgeIndex(realContent());

  function measure(file: string) {
    const questions = load(file);
    const onTopic = questions.filter((q) => q.kind !== 'off-topic');
    const offTopic = questions.filter((q) => q.kind === 'off-topic');
    const rows = onTopic.map((q) => {
      const r = index.search(q.q, 'vi');
      const ok = [q.topic, ...(q.alt ?? [])];
      return { q, top1: ok.includes(r.results[0]?.topic ?? ''), top3: r.topics.slice(0, 3).some((t) => ok.includes(t)), answered: r.answered };
    });
    const rate = (xs: boolean[]) => xs.filter(Boolean).length / Math.max(1, xs.length);
    const figures = {
      top1: rate(rows.map((r) => r.top1)),
      top3: rate(rows.map((r) => r.top3)),
      answered: rate(rows.map((r) => r.answered)),
      wrong: rate(rows.map((r) => r.answered && !r.top1)),
      fallback: rate(offTopic.map((q) => !index.search(q.q, 'vi').answered)),
    };
    const byKind = (['vi', 'plain', 'en'] as const)
      .map((k) => {
        const sub = rows.filter((r) => r.q.kind === k);
        return `${k} ${sub.length}: top-1 ${rate(sub.map((r) => r.top1)).toFixed(3)} top-3 ${rate(sub.map((r) => r.top3)).toFixed(3)} wrong ${rate(sub.map((r) => r.answered && !r.top1)).toFixed(3)}`;
      })
      .join('; ');
    // Printed for the closing note and for editors tuning content.
    process.stdout.write(
      `\n${path.basename(file)} (${onTopic.length} on-topic, ${offTopic.length} off-topic): top-1 ${figures.top1.toFixed(3)}, top-3 ${figures.top3.toFixed(3)}, ` +
        `answered directly ${figures.answered.toFixed(3)}, wrong direct answers ${figures.wrong.toFixed(3)}, off-topic fallback ${figures.fallback.toFixed(3)}\n  ${byKind}\n`,
    );
    return { questions, onTopic, offTopic, figures };
  }

  it('has labelled sets large enough to mean something, in the issue’s proportions', () => {
    const all = [...load(TUNED.file), ...load(HELD_OUT.file)];
    expect(load(TUNED.file).length).toBeGreaterThanOrEqual(150);
    const share = (k: Labelled['kind']) => all.filter((q) => q.kind === k).length / all.length;
    // 60% Vietnamese with diacritics, 25% plain or chat spelling, 10% English, 5% off-topic (±5 points).
    expect(share('vi')).toBeGreaterThan(0.55);
    expect(share('plain')).toBeGreaterThan(0.2);
    expect(share('en')).toBeGreaterThan(0.08);
    expect(share('off-topic')).toBeGreaterThanOrEqual(0.05);
  });

  it.each([
    ['the labelled set', TUNED],
    ['the held-out set', HELD_OUT],
  ])('finds the right topic and falls back on off-topic questions: %s', (_name, t) => {
    const { figures } = measure(t.file);
    expect(figures.top1).toBeGreaterThanOrEqual(t.minTop1);
    expect(figures.top3).toBeGreaterThanOrEqual(t.minTop3);
    expect(figures.fallback).toBeGreaterThanOrEqual(t.minFallback);
    expect(figures.wrong).toBeLessThanOrEqual(t.maxWrong);
  });
});
