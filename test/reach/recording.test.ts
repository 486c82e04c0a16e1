import path from 'node:path';
import { MemoryStorage, TestAdapter, UserState, type TurnContext } from 'botbuilder';
import { reachMiddleware } from '../../src/bot/middleware/reach';
import { noteReach, type ReachSignal } from '../../src/bot/reach-signal';
import type { Profile } from '../../src/bot/turn';
import { Pseudonymizer } from '../../src/privacy/crypto';
import { ReachPersonKeys } from '../../src/reach/person-key';
import { openSqlite, SqliteReachLedger } from '../../src/stores/sqlite';
import type { SqliteDb } from '../../src/stores/sqlite/database';
import type { ReachLedger } from '../../src/stores/ports';
import { makeBot, type TestBot } from '../helpers/bot';
import { TestChat } from '../helpers/chat';
import { captureLogger, realContent, tempDir, TEST_SECRETS } from '../helpers/env';

const content = realContent();
const keys = new ReachPersonKeys(new Pseudonymizer(TEST_SECRETS.PSEUDONYM_SECRET), content.area);
const ALL = ['knowledge', 'quiz', 'support-info'] as const;
const YEAR = { from: '2026-01-01', to: '2027-12-31' };

describe('reach recording through the bot', () => {
  let tb: TestBot;
  let clock: Date;
  beforeEach(() => {
    clock = new Date('2026-12-31T16:30:00Z'); // 23:30 on 31/12 in Hà Nội
    tb = makeBot({ now: () => clock });
  });
  afterEach(() => tb.close());

  it('records an article delivered under the person\'s reach pseudonym, on the resident\'s calendar day', async () => {
    const chat = new TestChat(tb.bot, '2458193847561230987', 'zalo');
    await chat.say('GET_STARTED');
    await chat.say('ARTICLE:dv-basics-what-is-dv:1');
    const a = await tb.stores.reach.report({ ...YEAR, kinds: ALL, by: ['topic', 'channel'] });
    expect(a.total).toEqual({ people: 1, events: 1 });
    expect(a.by.topic).toEqual([{ value: 'dv-basics', people: 1, events: 1 }]);
    expect(a.by.channel).toEqual([{ value: 'zalo', people: 1, events: 1 }]);
    // 23:30 on 31/12 (+07) is 31/12, not 1/1 as UTC would have it after 17:00.
    const dec31 = await tb.stores.reach.report({ from: '2026-12-31', to: '2026-12-31', kinds: ALL });
    expect(dec31.total.events).toBe(1);
    // Forgetting the pseudonym computed from the id removes exactly that person: it is the key stored.
    await tb.stores.reach.forget([keys.key('zalo', '2458193847561230987', 2026)]);
    expect((await tb.stores.reach.report({ ...YEAR, kinds: ALL })).total).toEqual({ people: 0, events: 0 });
  });

  it('counts the same resident once per period, and again in the next campaign year under a new pseudonym', async () => {
    const chat = new TestChat(tb.bot, 'u-42', 'messenger');
    await chat.say('ARTICLE:dv-basics-what-is-dv:1');
    await chat.say('ARTICLE:ge-family-husband-forbids-work:1');
    clock = new Date('2026-12-31T17:30:00Z'); // 00:30 on 1/1/2027 in Hà Nội
    await chat.say('ARTICLE:dv-basics-what-is-dv:1');
    const r = (from: string, to: string) => tb.stores.reach.report({ from, to, kinds: ['knowledge', 'quiz'] });
    expect((await r('2026-10-01', '2026-12-31')).total).toEqual({ people: 1, events: 2 });
    expect((await r('2027-01-01', '2027-03-31')).total).toEqual({ people: 1, events: 1 });
    // Week 53 straddles the two years: the yearly key rotation counts the resident twice (the report says so).
    expect((await r('2026-12-28', '2027-01-03')).total).toEqual({ people: 2, events: 3 });
  });

  it('counts an article once however many of its parts are read', async () => {
    const chat = new TestChat(tb.bot, 'u-9', 'zalo');
    await chat.say('ARTICLE:dv-basics-what-is-dv:1');
    await chat.say('ARTICLE:dv-basics-what-is-dv:2');
    expect((await tb.stores.reach.report({ ...YEAR, kinds: ALL })).total).toEqual({ people: 1, events: 1 });
  });

  it('adds the optional details the resident chose, and records nothing for turns that delivered nothing', async () => {
    const chat = new TestChat(tb.bot, 'u-7', 'zalo');
    await chat.say('GET_STARTED');
    await chat.say('menu');
    await chat.say('help');
    await chat.say('cách nấu phở bò ngon');
    expect((await tb.stores.reach.report({ ...YEAR, kinds: ALL })).total.events).toBe(0);
    await chat.say('DETAILS:set:group:tdp-03');
    await chat.say('DETAILS:set:gender:female');
    await chat.say('ARTICLE:dv-basics-what-is-dv:1');
    const a = await tb.stores.reach.report({ ...YEAR, kinds: ALL, by: ['residentialGroup', 'gender', 'ageBand'] });
    expect(a.by.residentialGroup).toEqual([{ value: 'tdp-03', people: 1, events: 1 }]);
    expect(a.by.gender).toEqual([{ value: 'female', people: 1, events: 1 }]);
    expect(a.by.ageBand).toEqual([{ value: null, people: 1, events: 1 }]);
  });
});

describe('reach middleware rules', () => {
  let db: SqliteDb;
  let ledger: ReachLedger;
  let userState: UserState;
  beforeEach(() => {
    db = openSqlite(path.join(tempDir(), 'reach.db'));
    ledger = new SqliteReachLedger(db);
    userState = new UserState(new MemoryStorage());
  });
  afterEach(() => db.close());

  function adapter(logic: (ctx: TurnContext) => Promise<void>, opts: { ledger?: ReachLedger; logger?: ReturnType<typeof captureLogger>['logger'] } = {}) {
    const profile = userState.createProperty<Profile>('profile');
    const a = new TestAdapter(async (ctx) => {
      await profile.set(ctx, { residentialGroup: 'tdp-01', gender: 'male', ageBand: '30-44' });
      await logic(ctx);
      await userState.saveChanges(ctx);
    }, { channelId: 'zalo', from: { id: 'raw-zalo-id-99', name: 'x' } } as never);
    a.use(
      reachMiddleware({
        ledger: opts.ledger ?? ledger,
        keys,
        profile,
        area: content.area,
        topics: new Set(content.topics.keys()),
        now: () => new Date('2026-11-20T03:00:00Z'),
        logger: opts.logger ?? captureLogger().logger,
      }),
    );
    return a;
  }
  const say = async (logic: (ctx: TurnContext) => Promise<void>, signals: ReachSignal[], opts?: Parameters<typeof adapter>[1]) => {
    const a = adapter(async (ctx) => {
      signals.forEach((s) => noteReach(ctx, s));
      await logic(ctx);
    }, opts);
    await a.send('hi').catch(() => undefined);
  };
  const rows = () =>
    db.prepare('SELECT kind, person, topic, grp, gender, age_band AS age, events FROM reach ORDER BY kind').all() as Array<Record<string, number>>;

  it('records support information with no person, no details, and only a broad topic', async () => {
    await say((ctx) => ctx.sendActivity('ok').then(() => undefined), [
      { kind: 'support-info', topic: 'dv-help' },
      { kind: 'support-info', topic: 'shelter-in-hiep-hoa' },
      { kind: 'quiz', topic: 'ge-basics' },
    ]);
    const r = rows();
    expect(r).toHaveLength(3);
    const support = r.filter((x) => x.kind === 3);
    expect(support.every((x) => x.person === 0 && x.grp === 0 && x.gender === 0 && x.age === 0)).toBe(true);
    expect(support.filter((x) => x.topic === 0)).toHaveLength(1); // the unknown topic was dropped
    const quiz = r.find((x) => x.kind === 2)!;
    expect(quiz.person).toBeGreaterThan(0);
    expect([quiz.grp, quiz.gender, quiz.age].every((v) => (v ?? 0) > 0)).toBe(true);
  });

  it('records nothing when the turn failed or sent no reply', async () => {
    await say(async () => {
      throw new Error('boom');
    }, [{ kind: 'knowledge', topic: 'dv-basics' }]);
    await say(async () => undefined, [{ kind: 'knowledge', topic: 'dv-basics' }]);
    expect(rows()).toEqual([]);
  });

  it('drops a topic that is not an id (it could be text), keeping the event', async () => {
    await say((ctx) => ctx.sendActivity('ok').then(() => undefined), [{ kind: 'knowledge', topic: 'Chồng tôi đánh tôi' }]);
    expect(rows()).toEqual([expect.objectContaining({ kind: 1, topic: 0, events: 1 })]);
  });

  it('keeps the resident\'s turn when the ledger fails, and logs it without the id', async () => {
    const log = captureLogger();
    const broken: ReachLedger = { ...ledger, exact: true, record: async () => Promise.reject(new Error('disk full')), report: ledger.report.bind(ledger), forget: ledger.forget.bind(ledger), ping: ledger.ping.bind(ledger), close: ledger.close.bind(ledger) };
    const a = adapter(async (ctx) => {
      noteReach(ctx, { kind: 'knowledge', topic: 'dv-basics' });
      await ctx.sendActivity('the answer');
    }, { ledger: broken, logger: log.logger });
    await a.send('hi').assertReply('the answer');
    expect(log.output()).toContain('reach events not recorded');
    expect(log.output()).not.toContain('raw-zalo-id-99');
  });
});
