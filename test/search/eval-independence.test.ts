import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { TextNormalizer } from '../../src/search/normalize';
import { realContent, ROOT } from '../helpers/env';

/**
 * The evaluation sets measure search honestly only while no article lists one of their
 * questions. Articles' `questions` must be written in residents' words without copying or
 * lightly rewording an evaluation question, and this test holds that line: no evaluation
 * question may equal an article question once normalised (folding, chat spelling, synonyms),
 * nor share nearly all its search terms (syllables and two-syllable words) with one.
 */
const SETS = ['test/fixtures/questions.yaml', 'test/fixtures/questions-holdout.yaml'];
/** Jaccard similarity of search terms at or above which two questions are one question reworded. */
const NEAR_DUPLICATE = 0.75;

describe('evaluation questions stay independent of the articles', () => {
  const content = realContent();
  const n = new TextNormalizer(content.dictionary);
  /** The search terms of a question (meaningful syllables and two-syllable words), as search sees it. */
  const meaningful = (q: string) => new Set(n.terms(q));
  const articleQuestions = [...content.articles.vi, ...content.articles.en].flatMap((a) => a.questions.map((q) => ({ id: a.id, q })));
  const evaluation = SETS.flatMap((file) =>
    (YAML.parse(fs.readFileSync(path.join(ROOT, file), 'utf8')) as { questions: Array<{ q: string }> }).questions.map((e) => ({ file, q: e.q })),
  );

  it('reads both evaluation sets', () => {
    expect(evaluation.length).toBeGreaterThanOrEqual(150);
  });

  it('no evaluation question appears, normalised, among any article’s questions', () => {
    const canon = new Map(articleQuestions.map((a) => [n.canonical(a.q), a]));
    const copies = evaluation.filter((e) => canon.has(n.canonical(e.q))).map((e) => `${e.q} = ${canon.get(n.canonical(e.q))!.id}`);
    expect(copies).toEqual([]);
  });

  it(`no article question is an evaluation question lightly reworded (search-term overlap ≥ ${NEAR_DUPLICATE})`, () => {
    const jaccard = (a: Set<string>, b: Set<string>) => {
      let both = 0;
      for (const x of a) if (b.has(x)) both++;
      return both / (a.size + b.size - both || 1);
    };
    const articleSets = articleQuestions.map((a) => ({ ...a, set: meaningful(a.q) }));
    const near: string[] = [];
    for (const e of evaluation) {
      const es = meaningful(e.q);
      for (const a of articleSets) {
        const j = jaccard(es, a.set);
        if (j >= NEAR_DUPLICATE) near.push(`${j.toFixed(2)} "${e.q}" ~ ${a.id}: "${a.q}"`);
      }
    }
    expect(near).toEqual([]);
  });
});
