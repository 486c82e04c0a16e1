import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { ContentError } from '../../src/content/errors';
import { loadContent } from '../../src/content/load';
import { isShowable } from '../../src/content/render';
import { CONTENT_DIR, realContent, tempDir } from '../helpers/env';

const content = realContent();
const questions = content.quizzes.flatMap((q) => q.rounds.flatMap((r) => r.questions.map((x) => ({ quiz: q, round: r, q: x }))));

describe('quiz content', () => {
  it('every question has exactly one right option, 2 to 4 options, an explanation and a legal source', () => {
    for (const { q } of questions) {
      expect({ id: q.id, right: q.options.filter((o) => o.correct === true).length }).toEqual({ id: q.id, right: 1 });
      expect(q.options.length).toBeGreaterThanOrEqual(2);
      expect(q.options.length).toBeLessThanOrEqual(4);
      expect(q.explanation.vi.length).toBeGreaterThan(40);
      expect(q.source.law.length).toBeGreaterThan(5);
      expect(content.topics.has(q.topic)).toBe(true);
    }
  });

  it('the action month has three rounds of ten, one open on each day of 15/11–15/12/2026', () => {
    const am = content.quizzes.find((q) => q.id === 'action-month-2026')!;
    expect(am.kind).toBe('contest');
    expect(am.window).toEqual({ from: '2026-11-15', to: '2026-12-15' });
    expect(am.rounds.map((r) => [r.id, r.questions.length, r.window])).toEqual([
      ['r1', 10, { from: '2026-11-15', to: '2026-11-24' }],
      ['r2', 10, { from: '2026-11-25', to: '2026-12-04' }],
      ['r3', 10, { from: '2026-12-05', to: '2026-12-15' }],
    ]);
  });

  it('the practice quiz has 15 questions, every one in Vietnamese and English', () => {
    const practice = content.quizzes.find((q) => q.kind === 'practice')!;
    const qs = practice.rounds.flatMap((r) => r.questions);
    expect(qs).toHaveLength(15);
    for (const q of qs) {
      expect([q.text.en, q.explanation.en, ...q.options.map((o) => o.text.en)].every((s) => typeof s === 'string' && s.length > 0)).toBe(true);
    }
  });

  it('the right answer is not always in the same place in the file (shuffling hides it anyway)', () => {
    const positions = new Set(questions.map(({ q }) => q.options.findIndex((o) => o.correct)));
    expect(positions.size).toBeGreaterThan(2);
  });

  it('every phone number a quiz states is a verified number of the directory', () => {
    const showable = new Set(content.services.filter(isShowable).map((s) => s.phone!.replace(/\s/g, '')));
    const numbers = JSON.stringify(content.quizzes).match(/\b(?:11[1-5]|1[89]00[ .]?\d{3,4}[ .]?\d{3,4}|0\d{2,3}[ .]?\d{3,4}[ .]?\d{3,4})\b/g) ?? [];
    expect(numbers.length).toBeGreaterThan(0);
    for (const n of new Set(numbers)) expect({ n, verified: showable.has(n.replace(/[ .]/g, '')) }).toEqual({ n, verified: true });
  });

  it('no quiz sends anyone to a district (huyện) office as if it still existed, except as a wrong option', () => {
    for (const { q } of questions) {
      const said = [q.text.vi, q.explanation.vi, ...q.options.filter((o) => o.correct).map((o) => o.text.vi)].join(' ');
      expect({ id: q.id, district: /(Công an|UBND|Hội Phụ nữ|Phòng [^.]{0,30}) huyện/.test(said) }).toEqual({ id: q.id, district: false });
    }
  });

  it('quotes domestic-violence fines from Nghị định 282/2025, never 144/2021', () => {
    expect(JSON.stringify(content.quizzes)).not.toMatch(/144\/2021/);
  });
});

/** A copy of the real content with one quiz file changed. */
function withQuiz(file: string, change: (quiz: Record<string, any>) => void): string {
  const dir = path.join(tempDir(), 'content');
  fs.cpSync(CONTENT_DIR, dir, { recursive: true });
  const p = path.join(dir, 'quizzes', file);
  const quiz = YAML.parse(fs.readFileSync(p, 'utf8')) as Record<string, any>;
  change(quiz);
  fs.writeFileSync(p, YAML.stringify(quiz));
  return dir;
}

function startupError(dir: string): string {
  try {
    loadContent(dir);
  } catch (err) {
    if (err instanceof ContentError) return err.message;
    throw err;
  }
  throw new Error('a broken quiz loaded');
}

describe('a malformed quiz file stops startup, naming the file and the question', () => {
  const q = (quiz: Record<string, any>, r: number, i: number) => quiz.rounds[r].questions[i];
  it.each<[string, string, (quiz: Record<string, any>) => void, RegExp]>([
    ['no explanation', 'action-month-2026.yaml', (z) => delete q(z, 1, 3).explanation, /quizzes\/action-month-2026\.yaml \(rounds\[1\] \(r2\)\.questions\[3\] \(am26-r2-q04\)\.explanation\): /],
    ['no source', 'practice.yaml', (z) => delete q(z, 0, 6).source, /practice\.yaml \(rounds\[0\] \(r1\)\.questions\[6\] \(pr-q07\)\.source\)/],
    ['no right option', 'practice.yaml', (z) => q(z, 0, 2).options.forEach((o: any) => delete o.correct), /\(pr-q03\)\.options\): needs exactly one option with correct: true/],
    ['five options', 'action-month-2026.yaml', (z) => q(z, 0, 0).options.push({ text: { vi: 'Thêm' } }), /\(am26-r1-q01\)\.options\): needs 2 to 4 options/],
    ['the same option twice', 'action-month-2026.yaml', (z) => (q(z, 2, 1).options[1].text.vi = q(z, 2, 1).options[0].text.vi), /\(am26-r3-q02\)\.options\): two options have the same text/],
    ['an unknown topic', 'june-dv-month-2027.yaml', (z) => (q(z, 0, 4).topic = 'dv-nonsense'), /june-dv-month-2027\.yaml \(rounds\[0\]\.questions\[4\] \(jun27-q05\)\.topic\): unknown topic "dv-nonsense"/],
    ['a question id used twice', 'june-dv-month-2027.yaml', (z) => (q(z, 0, 1).id = 'jun27-q01'), /\(jun27-q01\)\): question id is used twice/],
    ['English missing in the practice quiz', 'practice.yaml', (z) => delete q(z, 0, 9).options[1].text.en, /\(pr-q10\)\.options\[1\]\.text\.en\): a practice quiz needs English too/],
    ['a round too long for one sitting', 'action-month-2026.yaml', (z) => z.rounds[0].questions.push(...z.rounds[1].questions.slice(0, 6).map((x: any) => ({ ...x, id: `${x.id}-copy` }))), /rounds\[0\] \(r1\)\.questions\): a round must be finishable in one sitting: at most 15 questions/],
    ['a day that does not exist', 'action-month-2026.yaml', (z) => (z.rounds[0].window.to = '2026-11-31'), /rounds\[0\] \(r1\)\.window\.to\): is not a real calendar day/],
    ['a window that ends before it starts', 'action-month-2026.yaml', (z) => (z.rounds[2].window = { from: '2026-12-10', to: '2026-12-05' }), /rounds\[2\] \(r3\)\.window\.to\): ends before it starts/],
    ['a round outside its quiz', 'action-month-2026.yaml', (z) => (z.rounds[2].window.to = '2026-12-31'), /rounds\[2\] \(r3\)\.window\): must lie inside the quiz's window/],
    ['two rounds open on the same day', 'action-month-2026.yaml', (z) => (z.rounds[1].window.from = '2026-11-20'), /rounds\[1\] \(r2\)\.window\): overlaps the window of round "r1"/],
    ['a contest round with no dates', 'june-dv-month-2027.yaml', (z) => { delete z.window; delete z.rounds[0].window; }, /rounds\[0\] \(r1\)\.window\): a contest round needs a window/],
  ])('%s', (_label, file, change, expected) => {
    expect(startupError(withQuiz(file, change))).toMatch(expected);
  });

  it('broken YAML', () => {
    const dir = path.join(tempDir(), 'content');
    fs.cpSync(CONTENT_DIR, dir, { recursive: true });
    fs.appendFileSync(path.join(dir, 'quizzes', 'practice.yaml'), '\n  - id: [unclosed\n');
    expect(startupError(dir)).toMatch(/quizzes\/practice\.yaml: not valid YAML/);
  });
});
