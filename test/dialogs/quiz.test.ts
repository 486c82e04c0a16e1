import fs from 'node:fs';
import path from 'node:path';
import type { Activity } from 'botbuilder';
import YAML from 'yaml';
import { loadContent } from '../../src/content/load';
import { createI18n } from '../../src/i18n';
import type { Locale, QuizRound } from '../../src/content/schemas';
import { actions, TestChat, texts } from '../helpers/chat';
import { makeBot, type TestBot } from '../helpers/bot';
import { CONTENT_DIR, realContent, tempDir } from '../helpers/env';
import { buttonValues, captureReach, clock, round, shownQuestion } from './quiz-helpers';

const content = realContent();
const i18n = createI18n(content);
const vi = (k: string, v?: Record<string, unknown>) => i18n.t('vi', k, v);
const en = (k: string, v?: Record<string, unknown>) => i18n.t('en', k, v);
const AM = 'action-month-2026';
const r2 = round(AM, 'r2');

type Replies = Partial<Activity>[];

/** Answers every remaining question, right unless `wrong(n)` says otherwise; returns the last replies. */
async function playOut(
  chat: TestChat,
  r: Replies,
  rnd: QuizRound,
  wrong: (n: number) => boolean = () => false,
  locale: Locale = 'vi',
  seen: string[] = [],
): Promise<Replies> {
  for (;;) {
    const q = shownQuestion(r, rnd, locale);
    seen.push(`${q.question.id}:${q.letters.map((l) => l.option).join('')}`);
    r = await chat.tap(r, wrong(q.n) ? q.wrong : q.right);
    if (q.n === q.total) return r;
  }
}

describe('quiz dialog (today is 30/11/2026: round 2 of the action month is open)', () => {
  let tb: TestBot;
  let chat: TestChat;
  let c: ReturnType<typeof clock>;
  beforeEach(async () => {
    c = clock('2026-11-30');
    tb = makeBot({ now: c.now });
    chat = new TestChat(tb.bot);
    await chat.say('GET_STARTED');
  });
  afterEach(() => tb.close());

  const startR2 = async () => chat.tap(await chat.say('QUIZ'), vi('quiz.start'));

  it('the menu button opens the round that is open today, with practice and the leaderboard', async () => {
    const menu = await chat.say('menu');
    const home = await chat.tap(menu, vi('menu.quiz'));
    expect(texts(home)).toContain(vi('quiz.homeOpen', { round: r2.title.vi, to: '4/12/2026', count: 10, minutes: 5 }));
    expect(actions(home).map((a) => a.title)).toEqual([vi('quiz.start'), vi('quiz.board'), vi('quiz.practice'), vi('common.menu')]);
    expect(buttonValues(home)[0]).toBe('QUIZ:action-month-2026:r2');
  });

  it.each(['quiz', 'đố vui', 'do vui', 'Câu đố'])('typing "%s" opens the quiz', async (word) => {
    expect(texts(await chat.say(word))).toContain(vi('quiz.homeOpen', { round: r2.title.vi, to: '4/12/2026', count: 10, minutes: 5 }));
  });

  it('plays a full round: tapped and typed letters, right and wrong, feedback with explanation and source, then score and what to read next', async () => {
    const reach = captureReach(chat);
    let r = await startR2();
    expect(texts(r)).toContain(vi('quiz.intro', { round: r2.title.vi, count: 10 }));
    let score = 0;
    const missed: string[] = [];
    for (let i = 0; i < 10; i++) {
      const q = shownQuestion(r, r2);
      expect(q.n).toBe(i + 1);
      expect(actions(r).map((a) => a.title)).toEqual([...q.letters.map((l) => l.letter), vi('quiz.pause')]);
      const right = i % 3 !== 1;
      const letter = right ? q.right : q.wrong;
      r = i % 2 === 0 ? await chat.tap(r, letter) : await chat.say(letter.toLowerCase());
      const feedback = r[0]!.text!;
      if (right) {
        score++;
        expect(feedback.startsWith(vi('quiz.right'))).toBe(true);
      } else {
        const answer = q.question.options.find((o) => o.correct)!.text.vi;
        expect(feedback.startsWith(vi('quiz.wrong', { letter: q.right, answer }))).toBe(true);
        if (!missed.includes(q.question.topic)) missed.push(q.question.topic);
      }
      expect(feedback).toContain(q.question.explanation.vi);
      expect(feedback).toContain(`${q.question.source.law}, ${q.question.source.article}`);
    }
    expect(score).toBe(7);
    const end = texts(r);
    expect(end).toContain(vi('quiz.finished', { round: r2.title.vi, score: 7, total: 10 }));
    expect(end).toContain(vi('quiz.readNext', { topics: missed.map((t) => content.topics.get(t)!.title.vi).join(', ') }));
    const values = buttonValues(r);
    expect(values.filter((v) => v.startsWith('TOPIC:'))).toEqual(missed.slice(0, 2).map((t) => `TOPIC:${t}`));
    expect(values).toEqual(expect.arrayContaining(['QUIZ_RETAKE:action-month-2026:r2', 'QUIZ_SHARE:action-month-2026:r2', 'MENU']));
    expect(values.length).toBeLessThanOrEqual(5); // Zalo shows five buttons at most
    // A completed round is a reach event of kind quiz, once per topic it covered.
    expect(reach.filter((s) => s.kind === 'quiz').map((s) => s.topic).sort()).toEqual([...new Set(r2.questions.map((q) => q.topic))].sort());
    // Back on the quiz's front page: the first score is what counts.
    expect(texts(await chat.say('QUIZ'))).toContain(vi('quiz.homeDone', { round: r2.title.vi, score: 7, total: 10 }));
  });

  it('takes numbers and the words of an option as answers', async () => {
    let r = await startR2();
    let q = shownQuestion(r, r2);
    r = await chat.say(String(q.letters.findIndex((l) => l.letter === q.right) + 1));
    expect(r[0]!.text!.startsWith(vi('quiz.right'))).toBe(true);
    q = shownQuestion(r, r2);
    r = await chat.say(`đáp án ${q.right.toLowerCase()}`);
    expect(r[0]!.text!.startsWith(vi('quiz.right'))).toBe(true);
    q = shownQuestion(r, r2);
    r = await chat.say(q.letters.find((l) => l.letter === q.right)!.text.toLowerCase());
    expect(r[0]!.text!.startsWith(vi('quiz.right'))).toBe(true);
    expect(shownQuestion(r, r2).n).toBe(4);
  });

  it('re-asks politely when the answer is not one, and counts a double tap once', async () => {
    let r = await startR2();
    const q = shownQuestion(r, r2);
    const count = q.letters.length;
    for (const bad of ['e', 'hmm', '7', 'không biết', '👍']) {
      const again = await chat.say(bad);
      expect(texts(again)).toBe(
        vi('quiz.invalid', { n: 1, letters: q.letters.map((l) => l.letter).slice(0, -1).join(', ') + ` hoặc ${q.letters[count - 1]!.letter}`, numbers: count === 3 ? '1, 2 hoặc 3' : '1, 2, 3 hoặc 4' }),
      );
      expect(actions(again).map((a) => a.value)).toEqual(actions(r).map((a) => a.value));
    }
    const first = await chat.tap(r, q.right);
    expect(shownQuestion(first, r2).n).toBe(2);
    // The same button again (a double tap, or scrolling back): not a second answer.
    const twice = await chat.tap(r, q.wrong);
    expect(texts(twice).startsWith(vi('quiz.stale'))).toBe(true);
    expect(shownQuestion(twice, r2).question.id).toBe(shownQuestion(first, r2).question.id);
    r = await playOut(chat, twice, r2);
    expect(texts(r)).toContain(vi('quiz.finished', { round: r2.title.vi, score: 10, total: 10 }));
    const day = (await tb.stores.records.get<Record<string, number>>('quiz-daily', 'action-month-2026:r2:2026-11-30'))!.doc;
    const answered = Object.entries(day).filter(([k]) => k.startsWith(`a:${q.question.id}:`));
    expect(answered).toEqual([[`a:${q.question.id}:${q.question.options.findIndex((o) => o.correct)}`, 1]]);
    expect(day.completions).toBe(1);
  });

  it('answers a question typed mid-round, then the round waits at the same question', async () => {
    const r = await startR2();
    const q = shownQuestion(r, r2);
    // An ordinary question (words of distress go to the support path instead: see the next test).
    const asked = await chat.say('chồng không cho vợ đi làm có sao không?');
    expect(texts(asked)).toContain(vi('quiz.pausedForQuestion'));
    expect(texts(asked)).not.toContain('Câu 1/10');
    expect(asked.length).toBeGreaterThan(1); // and the knowledge answer follows
    const back = await chat.say('đố vui');
    expect(texts(back)).toContain(vi('quiz.resume', { round: r2.title.vi, n: 1, total: 10 }));
    expect(shownQuestion(back, r2).letters).toEqual(q.letters);
  });

  it('words of distress mid-round go to the support path, and the round is still there afterwards', async () => {
    const r = await startR2();
    const q = shownQuestion(r, r2);
    const distress = await chat.say('chồng em đang đánh em');
    expect(texts(distress)).not.toContain('Câu 1/10');
    expect(actions(distress).some((a) => a.value.startsWith('SP:'))).toBe(true);
    const back = await chat.say('đố vui');
    expect(texts(back)).toContain(vi('quiz.resume', { round: r2.title.vi, n: 1, total: 10 }));
    expect(shownQuestion(back, r2).letters).toEqual(q.letters);
  });

  it.each(['menu', 'hủy'])('"%s" leaves cleanly; the round resumes later at the same question, in the same order', async (word) => {
    let r = await startR2();
    for (let i = 0; i < 3; i++) r = await chat.tap(r, shownQuestion(r, r2).right);
    const fourth = shownQuestion(r, r2);
    const left = await chat.say(word);
    expect(texts(left)).toBe(vi('menu.prompt'));
    // A letter typed now is not taken as an answer: the round is not running.
    expect(texts(await chat.say('b'))).not.toContain(vi('quiz.right'));
    c.set('2026-12-02'); // two days later
    const back = await chat.say('QUIZ');
    expect(texts(back)).toContain(vi('quiz.resume', { round: r2.title.vi, n: 4, total: 10 }));
    expect(shownQuestion(back, r2)).toEqual(fourth);
  });

  it('the pause button says where the resident is and how to come back', async () => {
    let r = await startR2();
    r = await chat.tap(r, shownQuestion(r, r2).right);
    const paused = await chat.tap(r, vi('quiz.pause'));
    expect(texts(paused)).toBe(vi('quiz.paused', { n: 2, total: 10, round: r2.title.vi }));
    expect(actions(paused)).toHaveLength(4); // the menu
  });

  it('resumes after the bot restarts: same question, same order, progress from the store', async () => {
    let r = await startR2();
    for (let i = 0; i < 3; i++) r = await chat.tap(r, shownQuestion(r, r2).right);
    const fourth = shownQuestion(r, r2);
    await tb.close();
    const again = makeBot({ dataDir: tb.dataDir, now: c.now });
    try {
      const chat2 = new TestChat(again.bot);
      // The round dialog is still waiting: the next tap answers question 4.
      const answered = await chat2.tap(r, fourth.right);
      expect(answered[0]!.text!.startsWith(vi('quiz.right'))).toBe(true);
      const fifth = shownQuestion(answered, r2);
      expect(fifth.n).toBe(5);
      // Leave, restart once more, come back: question 5 again, options in the same order.
      await chat2.say('menu');
      const third = makeBot({ dataDir: tb.dataDir, now: c.now });
      try {
        const back = await new TestChat(third.bot).say('đố vui');
        expect(shownQuestion(back, r2)).toEqual(fifth);
      } finally {
        await third.close();
      }
    } finally {
      await again.close();
    }
  });

  it('before the action month: says when round 1 opens and offers the practice quiz', async () => {
    c.set('2026-11-10');
    const r = await chat.say('QUIZ');
    const r1 = round(AM, 'r1');
    expect(texts(r)).toContain(vi('quiz.noneOpenNext', { round: r1.title.vi, quiz: content.quizzes.find((q) => q.id === AM)!.title.vi, from: '15/11/2026' }));
    expect(texts(r)).toContain(vi('quiz.practiceOffer'));
    expect(buttonValues(r)).toEqual(['QUIZ:practice', 'MENU']);
  });

  it('after the action month: points to the June round, practice meanwhile', async () => {
    c.set('2027-01-10');
    const r = await chat.say('đố vui');
    const june = content.quizzes.find((q) => q.id === 'june-dv-month-2027')!;
    expect(texts(r)).toContain(vi('quiz.noneOpenNext', { round: june.rounds[0]!.title.vi, quiz: june.title.vi, from: '1/6/2027' }));
  });

  it('a deep link to a round not open yet, or closed, says so and offers the open round and practice', async () => {
    const r3 = round(AM, 'r3');
    const early = await chat.say('QUIZ:action-month-2026:r3');
    expect(texts(early)).toContain(vi('quiz.roundUpcoming', { round: r3.title.vi, from: '5/12/2026' }));
    expect(texts(early)).toContain(vi('quiz.roundOpenInstead', { round: r2.title.vi }));
    expect(buttonValues(early)).toEqual(['QUIZ:action-month-2026:r2', 'QUIZ:practice', 'MENU']);
    const late = await chat.say('QUIZ:action-month-2026:r1');
    expect(texts(late)).toContain(vi('quiz.roundClosed', { round: round(AM, 'r1').title.vi, to: '24/11/2026' }));
    // The poster's link to the open round starts it at once.
    const direct = await chat.say('QUIZ:action-month-2026:r2');
    expect(shownQuestion(direct, r2).n).toBe(1);
    const unknown = await chat.say('QUIZ:action-month-2026:r9');
    expect(texts(unknown)).toContain(vi('quiz.notFound'));
  });

  it('accepts answers the day after a round closes, and lets the attempt go after that', async () => {
    c.set('2026-12-04', '23:50');
    let r = await chat.say('QUIZ:action-month-2026:r2');
    r = await chat.tap(r, shownQuestion(r, r2).right);
    c.set('2026-12-05', '00:10');
    r = await chat.tap(r, shownQuestion(r, r2).right);
    expect(r[0]!.text!.startsWith(vi('quiz.right'))).toBe(true);
    c.set('2026-12-06');
    const gone = await chat.tap(r, shownQuestion(r, r2).right);
    expect(texts(gone)).toContain(vi('quiz.roundClosedWhileAway', { round: r2.title.vi, to: '4/12/2026' }));
    expect(buttonValues(gone)).toContain('QUIZ:action-month-2026:r3');
  });

  it('plays the practice quiz in English', async () => {
    await chat.say('English');
    const practice = content.quizzes.find((q) => q.id === 'practice')!;
    const home = await chat.say('QUIZ');
    let r = await chat.tap(home, en('quiz.practice'));
    expect(texts(r)).toContain(en('quiz.intro', { round: practice.rounds[0]!.title.en, count: 15 }));
    const q = shownQuestion(r, practice.rounds[0]!, 'en');
    expect(q.total).toBe(15);
    r = await chat.say(q.wrong.toLowerCase());
    expect(r[0]!.text).toContain(en('quiz.wrong', { letter: q.right, answer: q.question.options.find((o) => o.correct)!.text.en }));
    expect(r[0]!.text).toContain(q.question.explanation.en);
    r = await playOut(chat, r, practice.rounds[0]!, () => false, 'en');
    expect(texts(r)).toContain(en('quiz.finished', { round: practice.rounds[0]!.title.en, score: 14, total: 15 }));
    expect(texts(r)).not.toContain(en('quiz.counted')); // practice: no contest, no prize
    expect(texts(r)).not.toMatch(/prize code/);
    const again = await chat.tap(r, en('quiz.retake'));
    expect(texts(again)).toContain(en('quiz.introAgain', { round: practice.rounds[0]!.title.en, score: 14, total: 15 }));
  });

  it('a retake is practice: a new order, not counted again', async () => {
    const first: string[] = [];
    const second: string[] = [];
    const opening = await startR2();
    let r = await playOut(chat, opening, r2, (n) => n <= 2, 'vi', first);
    const again = await chat.tap(r, vi('quiz.retake'));
    expect(texts(again)).toContain(vi('quiz.introRetake', { round: r2.title.vi, score: 8, total: 10 }));
    // A button of the first attempt's question 1, tapped now, does not answer the retake's question 1.
    const old = await chat.tap(opening, 'A');
    expect(texts(old).startsWith(vi('quiz.stale'))).toBe(true);
    await playOut(chat, old, r2, () => false, 'vi', second);
    // The same ten questions in another order (the chance of the same order is 1 in 10! × options).
    expect(second.map((s) => s.split(':')[0]).sort()).toEqual(first.map((s) => s.split(':')[0]).sort());
    expect(second).not.toEqual(first);
    const day = (await tb.stores.records.get<Record<string, number>>('quiz-daily', 'action-month-2026:r2:2026-11-30'))!.doc;
    expect({ attempts: day.attempts, completions: day.completions, retakes: day.retakes, retakeCompletions: day.retakeCompletions }).toEqual({
      attempts: 1, completions: 1, retakes: 1, retakeCompletions: 1,
    });
    expect(day['score:8']).toBe(1);
    expect(day['score:10']).toBeUndefined();
    expect(texts(await chat.say('QUIZ'))).toContain(vi('quiz.homeDone', { round: r2.title.vi, score: 8, total: 10 }));
  });

  it('a round edited while a resident is half-way starts again, with an apology', async () => {
    let r = await startR2();
    r = await chat.tap(r, shownQuestion(r, r2).right);
    const dir = path.join(tempDir(), 'content');
    fs.cpSync(CONTENT_DIR, dir, { recursive: true });
    const file = path.join(dir, 'quizzes', 'action-month-2026.yaml');
    const doc = YAML.parse(fs.readFileSync(file, 'utf8')) as { rounds: Array<{ questions: unknown[] }> };
    doc.rounds[1]!.questions.pop();
    fs.writeFileSync(file, YAML.stringify(doc));
    const edited = loadContent(dir);
    await tb.close();
    tb = makeBot({ dataDir: tb.dataDir, now: c.now, content: edited });
    const chat2 = new TestChat(tb.bot);
    const after = await chat2.tap(r, shownQuestion(r, r2).right);
    expect(texts(after)).toContain(vi('quiz.roundChanged', { round: r2.title.vi }));
    const q = shownQuestion(after, edited.quizzes.find((x) => x.id === AM)!.rounds[1]!);
    expect([q.n, q.total]).toEqual([1, 9]);
  });

  it('shares a message to forward, with the score', async () => {
    let r = await startR2();
    r = await playOut(chat, r, r2, (n) => n === 1);
    const shared = await chat.tap(r, vi('quiz.share'));
    expect(texts(shared)).toContain(vi('quiz.shareText', { score: 9, total: 10, quiz: content.quizzes.find((q) => q.id === AM)!.title.vi }));
  });
});
