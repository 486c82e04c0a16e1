import path from 'node:path';
import Database from 'better-sqlite3';
import { splitText } from '../../src/bot/text-split';
import { createI18n } from '../../src/i18n';
import { Pseudonymizer } from '../../src/privacy/crypto';
import { ReachPersonKeys } from '../../src/reach/person-key';
import { PrivateStateStore } from '../../src/stores/private-state-store';
import { SQLITE_FILE } from '../../src/stores/sqlite';
import { storedPersonKey } from '../../src/stores/sqlite/reach-ledger';
import { makeBot, type TestBot } from '../helpers/bot';
import { actions, TestChat, texts } from '../helpers/chat';
import { realContent, TEST_SECRETS } from '../helpers/env';
import { round, shownQuestion, tapLetter } from './quiz-helpers';

const content = realContent();
const i18n = createI18n(content);
const vi = (k: string, v?: Record<string, unknown>) => i18n.t('vi', k, v);
const en = (k: string, v?: Record<string, unknown>) => i18n.t('en', k, v);
const keys = new ReachPersonKeys(new Pseudonymizer(TEST_SECRETS.PSEUDONYM_SECRET), content.area);

/** Articles on calm topics and on topics about violence or danger. */
const calm = content.articles.vi.filter((a) => !content.topics.get(a.topic)!.sensitive);
const sensitive = content.articles.vi.filter((a) => content.topics.get(a.topic)!.sensitive);
/** The payload of an article's last part, where the one-time offer may appear. */
const end = (a: (typeof calm)[number]) => `ARTICLE:${a.id}:${splitText(a.text, 900).length}`;

describe('privacy rights in settings', () => {
  let tb: TestBot;
  beforeEach(() => {
    tb = makeBot();
  });
  afterEach(() => tb.close());

  it('answers "what do you keep about me" from the stores, in plain words', async () => {
    const chat = new TestChat(tb.bot, 'zalo-1001', 'zalo');
    await chat.say('GET_STARTED');
    let r = await chat.say('riêng tư');
    expect(texts(r)).toContain(vi('privacy.keepTitle'));
    expect(texts(r)).toContain(vi('privacy.keep.reach'));
    expect(texts(r)).toContain(vi('privacy.keep.conversation', { days: 14 }));
    expect(texts(r)).toContain(vi('privacy.keep.platform', { app: 'Zalo' }));
    expect(texts(r)).not.toContain(vi('privacy.keep.language', { language: vi('settings.vi') }));
    expect(actions(r).map((a) => a.value)).toEqual(['FORGET', 'DETAILS', 'MENU']);
    await chat.say('LANG:en');
    await chat.say('DETAILS:set:group:tdp-02');
    await chat.say('DETAILS:set:gender:female');
    r = await chat.say('SETTINGS');
    r = await chat.tap(r, en('privacy.whatKeptButton'));
    expect(texts(r)).toContain(en('privacy.keep.language', { language: 'English' }));
    expect(texts(r)).toContain(en('privacy.keep.details', { details: 'residential group: Tổ dân phố 2 (tên mẫu), gender: Female' }));
    expect(texts(r)).toContain(en('privacy.keep.never'));
  });

  it('"delete my data" asks first, then erases state, details and reach rows at once and says so', async () => {
    const chat = new TestChat(tb.bot, 'zalo-2002', 'zalo');
    const other = new TestChat(tb.bot, 'zalo-3003', 'zalo');
    for (const c of [chat, other]) {
      await c.say('GET_STARTED');
      await c.say('LANG:en');
      await c.say('DETAILS:set:age:30-44');
      await c.say('ARTICLE:dv-basics-what-is-dv:1');
    }
    const state = tb.stores.state as PrivateStateStore;
    const stateKeys = (user: string) => [`zalo/users/${user}/`, `zalo/conversations/conv-${user}/`].map((k) => state.backendKey(k));
    // A second, read-only connection to the bot's file: what anyone with the file would see.
    const file = new Database(path.join(tb.dataDir, SQLITE_FILE), { readonly: true });
    const db = () => file;
    const stateRows = (user: string) => stateKeys(user).filter((k) => db().prepare('SELECT 1 FROM state WHERE key = ?').get(k)).length;
    const reachPeople = (user: string) =>
      keys.allKeys('zalo', user, new Date()).filter((k) => db().prepare('SELECT 1 FROM reach_people WHERE key = ?').get(storedPersonKey(k))).length;
    expect([stateRows('zalo-2002'), reachPeople('zalo-2002')]).toEqual([2, 1]);

    // Typed in the middle of anything; "keep it" changes nothing.
    let r = await chat.say('delete my data');
    expect(texts(r)).toBe(en('privacy.confirm'));
    r = await chat.tap(r, en('privacy.confirmNo'));
    expect(texts(r)).toBe(en('privacy.kept'));
    expect(stateRows('zalo-2002')).toBe(2);

    r = await chat.say('xóa dữ liệu');
    r = await chat.tap(r, en('privacy.confirmYes'));
    expect(texts(r)).toBe(en('privacy.deleted', { app: 'Zalo' }));
    expect([stateRows('zalo-2002'), reachPeople('zalo-2002')]).toEqual([0, 0]);
    expect(db().prepare('SELECT COUNT(*) FROM reach WHERE person NOT IN (SELECT id FROM reach_people) AND person > 0').pluck().get()).toBe(0);
    // The other resident keeps everything.
    expect([stateRows('zalo-3003'), reachPeople('zalo-3003')]).toEqual([2, 1]);
    const reach = await tb.stores.reach.report({ from: '2020-01-01', to: '2099-12-31', kinds: ['knowledge'] });
    expect(reach.total.people).toBe(1);
    // Only the per-minute rate-limit counter remains under a pseudonym; it expires within the minute.
    const counters = db().prepare('SELECT expires_at FROM counters').pluck().all() as number[];
    expect(counters.every((t) => t <= Date.now() + 60_000)).toBe(true);

    // The next message starts over, as on the first day: welcome, Vietnamese, no details.
    r = await chat.say('xin chào');
    expect(texts(r)).toContain(vi('menu.privacy'));
    r = await chat.say('DETAILS');
    expect(texts(r)).toContain(vi('details.line', { field: vi('details.field.age'), value: vi('details.notChosen') }));
    file.close();
  });
});

describe('privacy rights cover every feature', () => {
  let tb: TestBot;
  beforeEach(() => {
    tb = makeBot();
  });
  afterEach(() => tb.close());

  it('says what the quiz keeps, and "delete my data" erases it with the rest', async () => {
    const practice = content.quizzes.find((q) => q.kind === 'practice')!;
    const r1 = round(practice.id, practice.rounds[0]!.id);
    const chat = new TestChat(tb.bot, 'q-1', 'zalo');
    await chat.say('GET_STARTED');
    let r = await chat.say(`QUIZ:${practice.id}:${r1.id}`);
    r = await tapLetter(chat, r, shownQuestion(r, r1).right);
    r = await chat.say('riêng tư');
    const open = vi('quiz.keptOpen', { round: r1.title.vi, n: 2, total: r1.questions.length });
    expect(texts(r)).toContain(`• ${open}`);
    r = await chat.say('FORGET:confirm');
    expect(texts(r)).toBe(vi('privacy.deleted', { app: 'Zalo' }));
    r = await chat.say('riêng tư');
    expect(texts(r)).not.toContain(open);
    expect(texts(r)).toContain(`• ${vi('privacy.keep.reach')}`);
  });
});

describe('optional details are never required', () => {
  let tb: TestBot;
  beforeEach(() => {
    tb = makeBot();
  });
  afterEach(() => tb.close());

  it('a resident who never gives them reads, asks and browses as usual, and is asked once only', async () => {
    expect(calm.length).toBeGreaterThan(2);
    expect(sensitive.length).toBeGreaterThan(0);
    const chat = new TestChat(tb.bot, 'm-1', 'messenger');
    await chat.say('GET_STARTED');
    // Never on an article about violence or danger.
    let r = await chat.say(end(sensitive[0]!));
    expect(texts(r)).not.toContain(vi('details.offer'));
    r = await chat.say(`ARTICLE:${calm[0]!.id}:1`);
    expect(texts(r)).not.toContain(vi('details.offer')); // not before the end of the article
    r = await chat.say(end(calm[0]!));
    expect(texts(r)).toContain(vi('details.offer'));
    expect(actions(r).map((a) => a.title)).toEqual(expect.arrayContaining([vi('details.offerYes'), vi('details.offerSkip'), vi('common.menu')]));
    // Ignoring the offer is skipping it: the article's own buttons still work, and it never comes back.
    r = await chat.say(end(calm[1]!));
    expect(texts(r)).not.toContain(vi('details.offer'));
    r = await chat.say('chồng không cho vợ đi làm có sao không');
    expect(texts(r).startsWith(content.article('vi', 'ge-family-husband-forbids-work')!.title)).toBe(true);
    r = await chat.say('LEARN');
    expect(actions(r).length).toBeGreaterThan(1);
    r = await chat.say(end(calm[2]!));
    expect(texts(r)).not.toContain(vi('details.offer'));
  });

  it('"skip" is final, and the guided answers each offer "rather not say"', async () => {
    const skipper = new TestChat(tb.bot, 'm-2', 'messenger');
    let r = await skipper.say(end(calm[0]!));
    r = await skipper.tap(r, vi('details.offerSkip'));
    expect(texts(r)).toBe(vi('details.skipped'));
    r = await skipper.say(end(calm[1]!));
    expect(texts(r)).not.toContain(vi('details.offer'));

    const helper = new TestChat(tb.bot, 'm-3', 'messenger');
    r = await helper.say(end(calm[0]!));
    r = await helper.tap(r, vi('details.offerYes'));
    expect(texts(r)).toBe(vi('details.ask.group'));
    expect(actions(r).map((a) => a.title)).toEqual([...content.area.residentialGroups.map((g) => g.name), vi('details.skipOne'), vi('common.menu')]);
    r = await helper.tap(r, vi('details.skipOne'));
    expect(texts(r)).toBe(vi('details.ask.gender'));
    r = await helper.tap(r, vi('details.gender.female'));
    expect(texts(r)).toBe(vi('details.ask.age'));
    r = await helper.tap(r, vi('details.skipOne'));
    expect(texts(r)).toBe(vi('details.done'));
    r = await helper.say('DETAILS');
    expect(texts(r)).toContain(vi('details.line', { field: vi('details.field.gender'), value: vi('details.gender.female') }));
    expect(texts(r)).toContain(vi('details.line', { field: vi('details.field.group'), value: vi('details.notChosen') }));
  });

  it('settings change and remove each detail; a detail given there means no offer later; odd values are asked again', async () => {
    const chat = new TestChat(tb.bot, 'm-4', 'messenger');
    let r = await chat.say('cài đặt');
    r = await chat.tap(r, vi('details.button'));
    r = await chat.tap(r, vi('details.field.age'));
    expect(texts(r)).toBe(vi('details.ask.age'));
    r = await chat.tap(r, vi('details.age.60-plus'));
    expect(texts(r)).toContain(vi('details.saved'));
    expect(texts(r)).toContain(vi('details.line', { field: vi('details.field.age'), value: vi('details.age.60-plus') }));
    r = await chat.say(end(calm[0]!));
    expect(texts(r)).not.toContain(vi('details.offer'));
    r = await chat.say('DETAILS:set:age:125');
    expect(texts(r)).toBe(vi('details.ask.age'));
    r = await chat.say('DETAILS:set:group:tdp-99');
    expect(texts(r)).toBe(vi('details.ask.group'));
    r = await chat.say('DETAILS:clear');
    expect(texts(r)).toContain(vi('details.cleared'));
    expect(texts(r)).toContain(vi('details.line', { field: vi('details.field.age'), value: vi('details.notChosen') }));
  });
});
