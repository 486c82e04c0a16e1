import type { Quiz } from '../../src/content/schemas';
import { Pseudonymizer } from '../../src/privacy/crypto';
import { answerField, DAILY_COLLECTION } from '../../src/quiz/aggregates';
import { parseTypedAnswer } from '../../src/quiz/attempt';
import { addDays, canFinish, dayIn, nextOpening, openContestRounds, roundStatus } from '../../src/quiz/availability';
import { deriveCode, issuePrizeCode, normalizeCode, redeemPrizeCode, verifyPrizeCode } from '../../src/quiz/prize-codes';
import { attemptOrder, mulberry32, shuffle } from '../../src/quiz/shuffle';
import { quizStats } from '../../src/quiz/stats';
import { createSqliteStores } from '../../src/stores/sqlite';
import { realContent, tempDir, TEST_SECRETS } from '../helpers/env';

const content = realContent();
const am = content.quizzes.find((q) => q.id === 'action-month-2026')!;
const TZ = 'Asia/Ho_Chi_Minh';

describe('availability in the town’s time zone', () => {
  it('a day starts at midnight in Hiệp Hòa, not on the server', () => {
    expect(dayIn(TZ, new Date('2026-11-24T16:59:59Z'))).toBe('2026-11-24');
    expect(dayIn(TZ, new Date('2026-11-24T17:00:00Z'))).toBe('2026-11-25');
  });

  it.each([
    ['2026-11-14', 'upcoming', 'upcoming', 'upcoming'],
    ['2026-11-15', 'open', 'upcoming', 'upcoming'],
    ['2026-11-24', 'open', 'upcoming', 'upcoming'],
    ['2026-11-25', 'closed', 'open', 'upcoming'],
    ['2026-11-30', 'closed', 'open', 'upcoming'],
    ['2026-12-04', 'closed', 'open', 'upcoming'],
    ['2026-12-05', 'closed', 'closed', 'open'],
    ['2026-12-15', 'closed', 'closed', 'open'],
    ['2026-12-16', 'closed', 'closed', 'closed'],
  ])('on %s the action-month rounds are %s, %s, %s', (day, r1, r2, r3) => {
    expect(am.rounds.map((r) => roundStatus(am, r, day))).toEqual([r1, r2, r3]);
    expect(openContestRounds(content.quizzes, day).length).toBe([r1, r2, r3].filter((s) => s === 'open').length);
  });

  it('an attempt may be finished until the end of the day after its round closes', () => {
    const r2 = am.rounds[1]!;
    expect(canFinish(am, r2, '2026-12-05')).toBe(true);
    expect(canFinish(am, r2, '2026-12-06')).toBe(false);
    expect(canFinish(am, r2, '2026-11-24')).toBe(false);
  });

  it('names the next round to open, across quizzes', () => {
    expect(nextOpening(content.quizzes, '2026-11-01')).toMatchObject({ from: '2026-11-15', round: { id: 'r1' } });
    expect(nextOpening(content.quizzes, '2026-11-30')).toMatchObject({ from: '2026-12-05', round: { id: 'r3' } });
    expect(nextOpening(content.quizzes, '2026-12-20')).toMatchObject({ from: '2027-06-01', quiz: { id: 'june-dv-month-2027' } });
    expect(nextOpening(content.quizzes, '2027-07-01')).toBeUndefined();
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });
});

describe('deterministic shuffling per attempt', () => {
  const round = am.rounds[1]!;

  it('the same seed gives the same order of questions and options; another seed another order', () => {
    expect(attemptOrder(round, 12345)).toEqual(attemptOrder(round, 12345));
    expect(attemptOrder(round, 12345)).not.toEqual(attemptOrder(round, 12346));
    const order = attemptOrder(round, 99);
    expect(order.map((s) => s.q).sort()).toEqual(round.questions.map((q) => q.id).sort());
    for (const s of order) expect([...s.o].sort()).toEqual(round.questions.find((q) => q.id === s.q)!.options.map((_, i) => i));
  });

  it('Mulberry32 matches its reference output', () => {
    // First outputs of the reference implementation (github.com/bryc/code, jshash/PRNGs.md) for seed 1, × 2^32.
    const r = mulberry32(1);
    expect([r(), r(), r()].map((x) => Math.round(x * 4294967296))).toEqual([2693262067, 11749833, 2265367787]);
  });

  it('puts the right answer in every position about equally often (no letter gives it away)', () => {
    const counts = [0, 0, 0, 0];
    const q = round.questions.find((x) => x.options.length === 4)!;
    const right = q.options.findIndex((o) => o.correct);
    for (let seed = 0; seed < 8000; seed++) {
      const s = attemptOrder(round, seed).find((x) => x.q === q.id)!;
      counts[s.o.indexOf(right)]!++;
    }
    for (const c of counts) expect(Math.abs(c - 2000)).toBeLessThan(200); // ±10%, far above chance deviation (~40)
    expect(shuffle([1, 2, 3], () => 0)).toEqual([2, 3, 1]);
  });
});

describe('typed answers', () => {
  const opts = ['Có, đó là bạo lực về kinh tế', 'Không, chồng giữ tiền là để lo cho gia đình', 'Không, chỉ đánh đập mới là bạo lực gia đình'];
  it.each([
    ['a', 0], ['B', 1], ['c.', 2], ['2', 1], [' 3 ', 2], ['đáp án b', 1], ['Dap an C', 2], ['chọn a', 0],
    ['có, đó là bạo lực về kinh tế', 0], ['KHONG CHONG GIU TIEN LA DE LO CHO GIA DINH', 1],
  ])('"%s" is option %d', (input, expected) => expect(parseTypedAnswer(input, opts)).toBe(expected));
  it.each(['d', '4', '0', 'e', 'ab', 'không biết', '', 'b c'])('"%s" is not an answer among three', (input) => expect(parseTypedAnswer(input, opts)).toBeUndefined());
});

describe('prize codes', () => {
  const pseudonyms = new Pseudonymizer(TEST_SECRETS.PSEUDONYM_SECRET);

  it('are easy to read and type: 8 characters without 0/O/1/I/L, any case, dashes and spaces ignored', () => {
    const code = deriveCode(pseudonyms, 'nonce-1');
    expect(code).toMatch(/^[2-9A-HJ-NP-Z]{8}$/);
    expect(deriveCode(pseudonyms, 'nonce-1')).toBe(code);
    expect(deriveCode(pseudonyms, 'nonce-2')).not.toBe(code);
    expect(normalizeCode(` ${code.slice(0, 4).toLowerCase()} - ${code.slice(4)} `)).toBe(code);
    expect(normalizeCode('0OIL-1234')).toBeUndefined();
    expect(normalizeCode('ABC')).toBeUndefined();
  });

  it('issuing is idempotent per attempt; redeeming works once; the store keys them by a keyed hash', async () => {
    const stores = createSqliteStores(tempDir(), { stateTtlMs: 60_000 });
    try {
      const prize = { quiz: 'action-month-2026', round: 'r2', score: 10, total: 10 };
      const code = await issuePrizeCode(stores.records, pseudonyms, 'n-1', prize);
      expect(await issuePrizeCode(stores.records, pseudonyms, 'n-1', prize)).toBe(code);
      expect(await stores.records.list('quiz-prizes')).toHaveLength(1);
      // Another server secret cannot find it: a copy of the database alone proves nothing.
      expect(await verifyPrizeCode(stores.records, new Pseudonymizer('another-secret-0123456789'), code)).toEqual({ status: 'unknown' });
      expect(await verifyPrizeCode(stores.records, pseudonyms, code)).toEqual({ status: 'valid', ...prize });
      const [first, second] = await Promise.all([
        redeemPrizeCode(stores.records, pseudonyms, code, '2026-12-20'),
        redeemPrizeCode(stores.records, pseudonyms, code, '2026-12-20'),
      ]);
      expect([first!.status, second!.status].sort()).toEqual(['redeemed', 'valid']);
      expect(await verifyPrizeCode(stores.records, pseudonyms, code)).toEqual({ status: 'redeemed', ...prize, redeemedOn: '2026-12-20' });
    } finally {
      await stores.close();
    }
  });
});

describe('officer view', () => {
  it('sums days, withholds small rounds, and ranks the misconceptions', async () => {
    const stores = createSqliteStores(tempDir(), { stateTtlMs: 60_000 });
    try {
      const r1 = am.rounds[0]!;
      const [q1, q2, q3] = r1.questions;
      const right = (q: typeof q1) => q!.options.findIndex((o) => o.correct);
      const wrongOf = (q: typeof q1, k = 0) => q!.options.map((_, i) => i).filter((i) => i !== right(q))[k]!;
      const put = (day: string, doc: Record<string, number>) => stores.records.increment(DAILY_COLLECTION, `action-month-2026:r1:${day}`, doc);
      await put('2026-11-15', {
        attempts: 4, completions: 3, 'score:9': 2, 'score:6': 1,
        [answerField(q1!.id, right(q1))]: 1, [answerField(q1!.id, wrongOf(q1))]: 2,
        [answerField(q2!.id, right(q2))]: 2, [answerField(q2!.id, wrongOf(q2))]: 1,
        [answerField(q3!.id, right(q3))]: 3,
      });
      await put('2026-11-16', {
        attempts: 3, completions: 2, 'score:10': 2, retakes: 1,
        [answerField(q1!.id, right(q1))]: 1, [answerField(q1!.id, wrongOf(q1, 1))]: 1,
        [answerField(q2!.id, right(q2))]: 2, [answerField(q3!.id, right(q3))]: 2,
      });
      const [s] = await quizStats(stores.records, content, { k: 5, quizId: 'action-month-2026' });
      const round1 = s!.rounds[0]!;
      expect(round1).toMatchObject({ attempts: 7, completions: 5, retakes: 1, withheld: false, meanScore: (18 + 6 + 20) / 5 });
      expect(round1.completionRate).toBeCloseTo(5 / 7);
      expect(round1.scoreDistribution).toEqual([0, 0, 0, 0, 0, 0, 1, 0, 0, 2, 2]);
      expect(round1.byDay).toEqual([
        { day: '2026-11-15', attempts: 4, completions: 3 },
        { day: '2026-11-16', attempts: 3, completions: 2 },
      ]);
      expect(round1.misconceptions!.map((m) => [m.questionId, m.wrong, m.answered, m.option.index, m.option.count])).toEqual([
        [q1!.id, 3, 5, wrongOf(q1), 2],
        [q2!.id, 1, 5, wrongOf(q2), 1],
      ]);
      expect(round1.misconceptions![0]!.option.text).toEqual(q1!.options[wrongOf(q1)]!.text);
      // One day only: two completions, fewer than k = 5: counts yes, scores and answers no.
      const [day] = await quizStats(stores.records, content, { k: 5, quizId: 'action-month-2026', from: '2026-11-16', to: '2026-11-16' });
      expect(day!.rounds[0]).toMatchObject({ attempts: 3, completions: 2, meanScore: null, scoreDistribution: null, misconceptions: null, withheld: true });
      // Rounds nobody played report zeros, not errors.
      expect(s!.rounds[2]).toMatchObject({ attempts: 0, completions: 0, completionRate: null, meanScore: null });
    } finally {
      await stores.close();
    }
  });

  it('covers every quiz in the content', async () => {
    const stores = createSqliteStores(tempDir(), { stateTtlMs: 60_000 });
    try {
      const all = await quizStats(stores.records, content, { k: 5 });
      expect(all.map((q) => q.quizId).sort()).toEqual(content.quizzes.map((q: Quiz) => q.id).sort());
    } finally {
      await stores.close();
    }
  });
});
