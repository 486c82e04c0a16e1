import { createI18n } from '../../src/i18n';
import { actions, TestChat, texts } from '../helpers/chat';
import { makeBot, type TestBot } from '../helpers/bot';
import { realContent } from '../helpers/env';
import { splitText } from '../../src/bot/text-split';

const content = realContent();
const i18n = createI18n(content);
const vi = (k: string, v?: Record<string, unknown>) => i18n.t('vi', k, v);
const en = (k: string, v?: Record<string, unknown>) => i18n.t('en', k, v);

describe('conversation through TestAdapter', () => {
  let tb: TestBot;
  let chat: TestChat;
  beforeEach(() => {
    tb = makeBot();
    chat = new TestChat(tb.bot);
  });
  afterEach(() => tb.close());

  it('welcomes once with the privacy note, then shows the menu', async () => {
    const first = await chat.say('GET_STARTED');
    expect(texts(first)).toContain(vi('menu.welcome'));
    expect(texts(first)).toContain(vi('menu.privacy'));
    expect(actions(first).map((a) => a.title)).toEqual([vi('menu.learn'), vi('menu.quiz'), vi('menu.support'), vi('menu.settings')]);
    const again = await chat.say('xin chào');
    expect(texts(again)).not.toContain(vi('menu.privacy'));
    expect(texts(again)).toContain(vi('menu.prompt'));
  });

  it.each(['menu', 'bắt đầu', 'bat dau', 'trở về', 'Hủy', 'MENU!'])('"%s" brings back the menu from anywhere', async (word) => {
    await chat.say('GET_STARTED');
    await chat.say('ARTICLE:dv-basics-what-is-dv:1');
    const r = await chat.say(word);
    expect(texts(r)).toContain(vi('menu.prompt'));
    expect(actions(r)).toHaveLength(4);
  });

  it('"help" explains how to use the bot and offers the menu', async () => {
    await chat.say('GET_STARTED');
    const r = await chat.say('help');
    expect(texts(r)).toContain(vi('common.help'));
    expect(actions(r).map((a) => a.title)).toContain(vi('menu.learn'));
  });

  it('browses groups, topics and articles by tapping', async () => {
    await chat.say('GET_STARTED');
    const groups = await chat.say('LEARN');
    expect(actions(groups).map((a) => a.title)).toEqual([...content.groups.map((g) => g.title.vi), vi('common.menu')]);
    const topics = await chat.tap(groups, content.groups[1]!.title.vi);
    expect(actions(topics).map((a) => a.value)).toContain('TOPIC:dv-basics');
    const list = await chat.tap(topics, content.topics.get('dv-basics')!.title.vi);
    const first = content.topicArticles('vi', 'dv-basics')[0]!;
    expect(texts(list)).toContain(`1. ${first.title}`);
    const article = await chat.tap(list, `1. ${first.title}`);
    expect(texts(article).startsWith(first.title)).toBe(true);
  });

  it('answers a typed number with the button of that number', async () => {
    await chat.say('GET_STARTED');
    const groups = await chat.say('LEARN');
    const viaNumber = await chat.say('2');
    const viaTap = await chat.tap(groups, content.groups[1]!.title.vi);
    expect(texts(viaNumber)).toEqual(texts(viaTap));
  });

  it('reads a long article in parts, ending with its sources and related topics', async () => {
    const long = content.articles.vi.find((a) => splitText(a.text, 900).length >= 2 && a.related.length > 0)!;
    expect(long).toBeDefined();
    const total = splitText(long.text, 900).length;
    await chat.say('GET_STARTED');
    let r = await chat.say(`ARTICLE:${long.id}:1`);
    expect(texts(r).startsWith(long.title)).toBe(true);
    for (let part = 2; part <= total; part++) {
      const more = actions(r).find((a) => a.value === `ARTICLE:${long.id}:${part}`);
      expect(more?.title).toBe(vi('common.readMore', { part, total }));
      expect(texts(r)).not.toContain('Nguồn:');
      r = await chat.tap(r, more!.title);
    }
    expect(texts(r)).toContain('Nguồn:');
    expect(texts(r)).toContain(long.sources[0]!.law);
    const values = actions(r).map((a) => a.value);
    expect(values).toContain(`TOPIC:${long.related.find((t) => t !== long.topic)}`);
    expect(values).toContain('MENU');
    // Every part fits the size it was cut to.
    expect(splitText(long.text, 900).every((p) => p.length <= 900)).toBe(true);
  });

  it.each([
    ['with diacritics', 'Chồng không cho vợ đi làm có sao không?'],
    ['without diacritics', 'chong khong cho vo di lam co sao khong'],
    ['in chat spelling', 'ck ko cho vk di lam co sao ko'],
  ])('answers a free-text question %s from the knowledge base', async (_label, question) => {
    await chat.say('GET_STARTED');
    const r = await chat.say(question);
    const article = content.article('vi', 'ge-family-husband-forbids-work')!;
    expect(texts(r).startsWith(article.title)).toBe(true);
  });

  it('falls back with the closest topics and the menu when unsure, never a dead end', async () => {
    await chat.say('GET_STARTED');
    const r = await chat.say('cách nấu phở bò ngon');
    expect([vi('knowledge.notSure'), vi('knowledge.nothingFound')]).toContain(texts(r));
    const values = actions(r).map((a) => a.value);
    expect(values.filter((v) => v.startsWith('TOPIC:'))).toHaveLength(3);
    expect(values).toContain('MENU');
  });

  it('offers the support path with answers about violence', async () => {
    await chat.say('GET_STARTED');
    const r = await chat.say('bị chồng đánh thì báo cho ai');
    expect(actions(r).map((a) => a.value)).toContain('SUPPORT');
  });

  it('answers a sticker or photo kindly, with the menu', async () => {
    await chat.say('GET_STARTED');
    const r = await chat.sendAttachment('image/webp');
    expect(texts(r)).toBe(vi('common.textOnly'));
    expect(actions(r)).toHaveLength(4);
  });

  it('switches language and remembers it across turns and restarts', async () => {
    await chat.say('GET_STARTED');
    const r = await chat.say('English');
    expect(texts(r)).toContain(en('settings.languageSet'));
    expect(actions(r).map((a) => a.title)).toEqual([en('menu.learn'), en('menu.quiz'), en('menu.support'), en('menu.settings')]);
    const next = await chat.say('menu');
    expect(texts(next)).toContain(en('menu.prompt'));
    const answer = await chat.say('what counts as domestic violence');
    expect(texts(answer)).toContain(content.article('en', 'dv-basics-what-is-dv')!.title);
    // A new bot process on the same data directory.
    const again = makeBot({ dataDir: tb.dataDir });
    try {
      const chat2 = new TestChat(again.bot);
      expect(texts(await chat2.say('menu'))).toContain(en('menu.prompt'));
      const back = await chat2.say('tiếng Việt');
      expect(texts(back)).toContain(vi('settings.languageSet'));
    } finally {
      await again.close();
    }
  });

  it('changes language from settings', async () => {
    await chat.say('GET_STARTED');
    const s = await chat.say('SETTINGS');
    const langs = await chat.tap(s, vi('settings.language'));
    const done = await chat.tap(langs, 'English');
    expect(texts(done)).toContain(en('settings.languageSet'));
  });

  it('shows the quiz entry before that feature exists, and the support entry opens the support path', async () => {
    await chat.say('GET_STARTED');
    expect(texts(await chat.say('QUIZ')).length).toBeGreaterThan(20);
    const support = texts(await chat.say('SUPPORT'));
    expect(support).toBe(vi('support.danger.ask', { exit: vi('support.exit') }));
  });

  it('does not mix up two residents', async () => {
    const other = new TestChat(tb.bot, 'user-2');
    await chat.say('GET_STARTED');
    await chat.say('English');
    const r = await other.say('GET_STARTED');
    expect(texts(r)).toContain(vi('menu.welcome'));
  });
});

describe.each(['vi', 'en'] as const)('menu in %s', (locale) => {
  it('lists the four entries in the chosen language', async () => {
    const tb = makeBot();
    try {
      const chat = new TestChat(tb.bot);
      await chat.say('GET_STARTED');
      await chat.say(`LANG:${locale}`);
      const r = await chat.say('menu');
      const t = (k: string) => i18n.t(locale, k);
      expect(actions(r).map((a) => a.title)).toEqual([t('menu.learn'), t('menu.quiz'), t('menu.support'), t('menu.settings')]);
    } finally {
      await tb.close();
    }
  });
});
