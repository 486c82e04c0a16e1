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

const questions = (YAML.parse(fs.readFileSync(path.join(ROOT, 'test/fixtures/questions.yaml'), 'utf8')) as { questions: Labelled[] }).questions;

/**
 * Thresholds, measured on this set when they were set (top-1 0.848, top-3 0.938, off-topic
 * fallback 0.81, wrong direct answers 7%) and kept a little below so an ordinary content edit does
 * not fail the build, while a real regression in search does. The knowledge-base issue raises them
 * as articles learn residents' words.
 */
const MIN_TOP1 = 0.8;
const MIN_TOP3 = 0.9;
const MIN_OFF_TOPIC_FALLBACK = 0.75;
const MAX_WRONG_ANSWERS = 0.1;

describe('search accuracy on residents’ questions', () => {
  const index = new KnowledgeIndex(realContent());
  const onTopic = questions.filter((q) => q.kind !== 'off-topic');
  const offTopic = questions.filter((q) => q.kind === 'off-topic');

  it('has a labelled set large enough to mean something', () => {
    expect(questions.length).toBeGreaterThanOrEqual(60);
    expect(offTopic.length).toBeGreaterThan(0);
    for (const kind of ['vi', 'plain', 'en'] as const) expect(onTopic.some((q) => q.kind === kind)).toBe(true);
  });

  it('finds the right topic and falls back on off-topic questions', () => {
    const rows = onTopic.map((q) => {
      const r = index.search(q.q, 'vi');
      const ok = [q.topic, ...(q.alt ?? [])];
      return { q, top1: ok.includes(r.results[0]?.topic ?? ''), top3: r.topics.slice(0, 3).some((t) => ok.includes(t)), answered: r.answered };
    });
    const rate = (xs: boolean[]) => xs.filter(Boolean).length / Math.max(1, xs.length);
    const top1 = rate(rows.map((r) => r.top1));
    const top3 = rate(rows.map((r) => r.top3));
    const wrong = rate(rows.map((r) => r.answered && !r.top1));
    const answered = rate(rows.map((r) => r.answered));
    const fallback = rate(offTopic.map((q) => !index.search(q.q, 'vi').answered));
    const byKind = (['vi', 'plain', 'en'] as const)
      .map((k) => {
        const sub = rows.filter((r) => r.q.kind === k);
        return `${k} ${sub.length}: top-1 ${rate(sub.map((r) => r.top1)).toFixed(3)} top-3 ${rate(sub.map((r) => r.top3)).toFixed(3)}`;
      })
      .join('; ');
    // Printed for the closing note and for editors tuning content.
    process.stdout.write(
      `\nsearch accuracy (${onTopic.length} on-topic, ${offTopic.length} off-topic): top-1 ${top1.toFixed(3)}, top-3 ${top3.toFixed(3)}, ` +
        `answered directly ${answered.toFixed(3)}, wrong direct answers ${wrong.toFixed(3)}, off-topic fallback ${fallback.toFixed(3)}\n  ${byKind}\n`,
    );
    expect(top1).toBeGreaterThanOrEqual(MIN_TOP1);
    expect(top3).toBeGreaterThanOrEqual(MIN_TOP3);
    expect(fallback).toBeGreaterThanOrEqual(MIN_OFF_TOPIC_FALLBACK);
    expect(wrong).toBeLessThanOrEqual(MAX_WRONG_ANSWERS);
  });
});
