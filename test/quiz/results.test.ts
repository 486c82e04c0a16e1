import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Activity } from 'botbuilder';
import { createI18n } from '../../src/i18n';
import { runQuizCommand } from '../../src/cli/quiz-commands';
import { leaderboard } from '../../src/quiz/leaderboard';
import { quizStats } from '../../src/quiz/stats';
import { Pseudonymizer } from '../../src/privacy/crypto';
import { TestChat, texts } from '../helpers/chat';
import { makeBot, type TestBot } from '../helpers/bot';
import { realContent, TEST_SECRETS } from '../helpers/env';
import { clock, round, shownQuestion } from '../dialogs/quiz-helpers';

const content = realContent();
const i18n = createI18n(content);
const vi = (k: string, v?: Record<string, unknown>) => i18n.t('vi', k, v);
const r2 = round('action-month-2026', 'r2');
const DAY_ID = 'action-month-2026:r2:2026-11-30';
const CODE_RE = /\b[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}\b/;
type Replies = Partial<Activity>[];

/** A resident with a chat of their own and, optionally, a residential group in their profile. */
function resident(tb: TestBot, id: string, group?: string): TestChat {
  const chat = new TestChat(tb.bot, id);
  chat.adapter.use(async (ctx, next) => {
    if (group) {
      const p = await tb.bot.profile.get(ctx, {});
      p.residentialGroup = group;
      await tb.bot.profile.set(ctx, p);
    }
    await next();
  });
  return chat;
}

/** Plays round 2 to the end; `pickWrong(n)` decides which questions get a wrong answer. Returns the chosen options. */
async function playR2(chat: TestChat, pickWrong: (n: number) => boolean): Promise<{ last: Replies; chosen: Map<string, number> }> {
  const chosen = new Map<string, number>();
  let r = await chat.say('QUIZ:action-month-2026:r2');
  for (;;) {
    const q = shownQuestion(r, r2);
    const letter = pickWrong(q.n) ? q.wrong : q.right;
    chosen.set(q.question.id, q.letters.find((l) => l.letter === letter)!.option);
    r = await chat.tap(r, letter);
    if (q.n === q.total) return { last: r, chosen };
  }
}

function dbBytes(dataDir: string): string {
  return fs
    .readdirSync(dataDir)
    .filter((f) => f.includes('.db'))
    .map((f) => fs.readFileSync(path.join(dataDir, f)).toString('latin1'))
    .join('\n');
}

describe('anonymous quiz results', () => {
  let tb: TestBot;
  const c = clock('2026-11-30');
  beforeEach(() => {
    tb = makeBot({ now: c.now, env: { QUIZ_MIN_GROUP_SIZE: '2' } });
  });
  afterEach(() => tb.close());

  it('two residents finishing a round at the same time produce exact counts, by group too', async () => {
    const a = resident(tb, 'resident-a', 'tdp-01');
    const b = resident(tb, 'resident-b', 'tdp-01');
    // In lockstep: every turn of one runs alongside a turn of the other.
    let ra = await a.say('QUIZ:action-month-2026:r2');
    let rb = await b.say('QUIZ:action-month-2026:r2');
    const chosen = { a: new Map<string, number>(), b: new Map<string, number>() };
    for (let n = 1; n <= 10; n++) {
      const qa = shownQuestion(ra, r2);
      const qb = shownQuestion(rb, r2);
      const la = qa.right;
      const lb = n % 2 === 0 ? qb.wrong : qb.right;
      chosen.a.set(qa.question.id, qa.letters.find((l) => l.letter === la)!.option);
      chosen.b.set(qb.question.id, qb.letters.find((l) => l.letter === lb)!.option);
      [ra, rb] = await Promise.all([a.tap(ra, la), b.tap(rb, lb)]);
    }
    expect(texts(ra)).toContain(vi('quiz.finished', { round: r2.title.vi, score: 10, total: 10 }));
    expect(texts(rb)).toContain(vi('quiz.finished', { round: r2.title.vi, score: 5, total: 10 }));

    const expected: Record<string, number> = { attempts: 2, completions: 2, 'score:10': 1, 'score:5': 1 };
    for (const m of [chosen.a, chosen.b]) for (const [q, o] of m) expected[`a:${q}:${o}`] = (expected[`a:${q}:${o}`] ?? 0) + 1;
    const day = await tb.stores.records.get<Record<string, number>>('quiz-daily', DAY_ID);
    expect(day!.doc).toEqual(expected);

    const group = await tb.stores.records.get('quiz-groups', 'action-month-2026:r2:tdp-01');
    expect(group!.doc).toEqual({ participants: 2, correct: 15, questions: 20 });

    // The officer view from the same records.
    const [am] = await quizStats(tb.stores.records, content, { k: 2, quizId: 'action-month-2026' });
    const s = am!.rounds.find((r) => r.roundId === 'r2')!;
    expect({ attempts: s.attempts, completions: s.completions, completionRate: s.completionRate, meanScore: s.meanScore }).toEqual({
      attempts: 2, completions: 2, completionRate: 1, meanScore: 7.5,
    });
    expect(s.misconceptions!.map((m) => m.questionId).sort()).toEqual(
      [...chosen.b].filter(([q, o]) => r2.questions.find((x) => x.id === q)!.options[o]!.correct !== true).map(([q]) => q).sort(),
    );
    for (const m of s.misconceptions!) {
      expect({ wrong: m.wrong, answered: m.answered, option: m.option.index }).toEqual({ wrong: 1, answered: 2, option: chosen.b.get(m.questionId) });
    }
  });

  it('the leaderboard shows groups with at least k participants and withholds the rest', async () => {
    const players = [resident(tb, 'p1', 'tdp-01'), resident(tb, 'p2', 'tdp-01'), resident(tb, 'p3', 'tdp-02'), resident(tb, 'p4')];
    await Promise.all(players.map((p, i) => playR2(p, (n) => n <= i)));
    const board = await leaderboard(tb.stores.records, content, 'action-month-2026', 'r2', 2);
    expect(board.rows).toEqual([
      { group: 'tdp-01', name: content.area.residentialGroups[0]!.name, participants: 2, meanCorrect: 9.5, meanShare: 0.95 },
    ]);
    expect(board.suppressedGroups).toBe(1); // tdp-02 has one player; p4 chose no group
    const shown = await players[0]!.say('QUIZ_BOARD:action-month-2026:r2');
    expect(texts(shown)).toContain(vi('quiz.boardRow', { rank: 1, name: content.area.residentialGroups[0]!.name, participants: 2, mean: '9,5', total: 10 }));
    expect(texts(shown)).not.toContain(content.area.residentialGroups[1]!.name);
    // With the default k = 5, nobody is shown yet.
    expect((await leaderboard(tb.stores.records, content, 'action-month-2026', 'r2', 5)).rows).toEqual([]);
    const [am] = await quizStats(tb.stores.records, content, { k: 5, quizId: 'action-month-2026' });
    const s = am!.rounds.find((r) => r.roundId === 'r2')!;
    expect({ completions: s.completions, meanScore: s.meanScore, misconceptions: s.misconceptions, withheld: s.withheld }).toEqual({
      completions: 4, meanScore: null, misconceptions: null, withheld: true,
    });
  });

  it('a top first score gets a prize code once; an officer can check it and mark it used; the store keeps only its hash', async () => {
    const winner = resident(tb, 'winner');
    const { last } = await playR2(winner, () => false);
    const code = CODE_RE.exec(texts(last))![0];
    expect(texts(last)).toContain(vi('quiz.prize', { code }));
    const pseudonyms = new Pseudonymizer(TEST_SECRETS.PSEUDONYM_SECRET);
    const deps = { records: tb.stores.records, pseudonyms, content, today: '2026-12-20', k: 5 };
    const check = await runQuizCommand(['verify', code.toLowerCase()], deps);
    expect(check).toEqual({ code: 0, out: `Mã hợp lệ, chưa dùng: ${r2.title.vi} (${content.quizzes[0]!.title.vi}), 10/10 câu đúng.` });
    expect((await runQuizCommand(['redeem', code.replace('-', ' ')], deps)).code).toBe(0);
    expect(await runQuizCommand(['redeem', code], deps)).toEqual({ code: 3, out: expect.stringContaining('Mã đã được dùng ngày 20/12/2026') });
    expect((await runQuizCommand(['verify', code], deps)).code).toBe(3);
    expect((await runQuizCommand(['verify', 'ABCD-EFGH'], deps)).code).toBe(1);
    expect((await runQuizCommand(['verify', 'not a code'], deps)).code).toBe(1);
    // Neither the code nor anything about its holder is stored: one record, hash id, round and score.
    const prizes = await tb.stores.records.list('quiz-prizes');
    expect(prizes.map((p) => p.doc)).toEqual([{ quiz: 'action-month-2026', round: 'r2', score: 10, total: 10, redeemedOn: '2026-12-20' }]);
    expect(prizes[0]!.id).not.toContain(code.replace('-', ''));
    const raw = dbBytes(tb.dataDir);
    expect(raw).not.toContain(code);
    expect(raw).not.toContain(code.replace('-', ''));
    // A retake with full marks earns nothing more.
    const again = await playR2(winner, () => false);
    expect(CODE_RE.test(texts(again.last))).toBe(false);
    expect(await tb.stores.records.list('quiz-prizes')).toHaveLength(1);
    // Nine out of ten is not a top score with the default threshold (100%).
    const close = await playR2(resident(tb, 'close'), (n) => n === 3);
    expect(CODE_RE.test(texts(close.last))).toBe(false);
  });

  it('the prize threshold is configurable, and 0 turns prize codes off', async () => {
    const lenient = makeBot({ now: c.now, env: { QUIZ_PRIZE_MIN_PERCENT: '80' } });
    const off = makeBot({ now: c.now, env: { QUIZ_PRIZE_MIN_PERCENT: '0' } });
    try {
      expect(CODE_RE.test(texts((await playR2(resident(lenient, 'x'), (n) => n <= 2)).last))).toBe(true);
      expect(CODE_RE.test(texts((await playR2(resident(lenient, 'y'), (n) => n <= 3)).last))).toBe(false);
      expect(CODE_RE.test(texts((await playR2(resident(off, 'z'), () => false)).last))).toBe(false);
    } finally {
      await lenient.close();
      await off.close();
    }
  });

  it('no stored quiz record can identify a resident', async () => {
    const ids = ['zalo-user-8841203', 'psid-5566778899', 'resident-c'];
    await Promise.all(ids.map((id, i) => playR2(resident(tb, id, i < 2 ? 'tdp-03' : undefined), (n) => n % (i + 2) === 0)));
    await resident(tb, 'half').say('QUIZ:action-month-2026:r2'); // one who began and left
    const db = new Database(fs.readdirSync(tb.dataDir).map((f) => path.join(tb.dataDir, f)).find((f) => f.endsWith('.db'))!, { readonly: true });
    const rows = db.prepare("SELECT collection, id, doc FROM records WHERE collection LIKE 'quiz-%'").all() as Array<{ collection: string; id: string; doc: string }>;
    db.close();
    expect(rows.length).toBeGreaterThan(0);
    const pseudonyms = new Pseudonymizer(TEST_SECRETS.PSEUDONYM_SECRET);
    for (const row of rows) {
      const doc = JSON.parse(row.doc) as Record<string, unknown>;
      if (row.collection === 'quiz-daily') {
        expect(row.id).toMatch(/^[a-z0-9-]+:[a-z0-9-]+:\d{4}-\d{2}-\d{2}$/);
        for (const [k, v] of Object.entries(doc)) {
          expect(k).toMatch(/^(attempts|completions|retakes|retakeCompletions|score:\d+|a:[a-z0-9-]+:\d)$/);
          expect(Number.isInteger(v) && (v as number) < 1000).toBe(true); // counts, never a timestamp
        }
      } else if (row.collection === 'quiz-groups') {
        expect(row.id).toMatch(/^[a-z0-9-]+:[a-z0-9-]+:[a-z0-9-]+$/);
        expect(Object.keys(doc).sort()).toEqual(['correct', 'participants', 'questions']);
      } else {
        throw new Error(`unexpected quiz collection ${row.collection}`);
      }
      for (const id of ids) {
        for (const s of [id, pseudonyms.pseudonym('state-key', `test/users/${id}/`), pseudonyms.pseudonym('reach', id)]) {
          expect(`${row.id} ${row.doc}`).not.toContain(s);
        }
      }
    }
    // And nowhere in the database file: state keys are pseudonyms, values sealed.
    const raw = dbBytes(tb.dataDir);
    for (const id of ids) expect(raw).not.toContain(id);
    const day = rows.find((r) => r.id === DAY_ID)!;
    expect(JSON.parse(day.doc)).toMatchObject({ attempts: 4, completions: 3 });
  });
});

describe('what the quiz keeps about a resident, and forgetting it', () => {
  it('describes the unfinished round and finished rounds in plain words, and forgets them', async () => {
    const c = clock('2026-11-30');
    const tb = makeBot({ now: c.now });
    try {
      const feature = tb.bot.features.find((f) => f.name === 'quiz')!;
      const chat = new TestChat(tb.bot, 'keeper');
      let kept: string[] = [];
      chat.adapter.use(async (ctx, next) => {
        const text = ctx.activity.text;
        if (text === '#kept') kept = await feature.describeKept!(ctx);
        else if (text === '#forget') await feature.forget!(ctx);
        else return next();
        await tb.bot.userState.saveChanges(ctx);
      });
      await chat.say('#kept');
      expect(kept).toEqual([]);
      let r = await chat.say('QUIZ:action-month-2026:r2');
      r = await chat.tap(r, shownQuestion(r, r2).right);
      await chat.say('#kept');
      expect(kept).toEqual([vi('quiz.keptOpen', { round: r2.title.vi, n: 2, total: 10 })]);
      await chat.say('menu');
      await chat.say('#forget');
      await chat.say('#kept');
      expect(kept).toEqual([]);
      // Back to the quiz: a fresh start, not a resume.
      r = await chat.say('QUIZ:action-month-2026:r2');
      expect(texts(r)).toContain(vi('quiz.intro', { round: r2.title.vi, count: 10 }));
      const practice = content.quizzes.find((q) => q.id === 'practice')!.rounds[0]!;
      await chat.say('menu');
      let p = await chat.say('QUIZ:practice');
      for (;;) {
        const q = shownQuestion(p, practice);
        p = await chat.tap(p, q.right);
        if (q.n === q.total) break;
      }
      await chat.say('#kept');
      expect(kept).toEqual([vi('quiz.keptOpen', { round: r2.title.vi, n: 1, total: 10 }), vi('quiz.keptDone')]);
    } finally {
      await tb.close();
    }
  });
});
