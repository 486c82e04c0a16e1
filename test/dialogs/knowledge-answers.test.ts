import { createI18n } from '../../src/i18n';
import { actions, TestChat, texts } from '../helpers/chat';
import { makeBot, type TestBot } from '../helpers/bot';
import { realContent } from '../helpers/env';

const content = realContent();
const i18n = createI18n(content);
const vi = (k: string) => i18n.t('vi', k);

/** What a resident sees when a typed question is answered: the article, and the buttons with it. */
describe('free-text answers from the knowledge base', () => {
  let tb: TestBot;
  let chat: TestChat;
  beforeEach(async () => {
    tb = makeBot();
    chat = new TestChat(tb.bot);
    await chat.say('GET_STARTED');
  });
  afterEach(() => tb.close());

  const title = (id: string) => content.article('vi', id)!.title;

  it('offers the support path with an answer about violence even when the answer’s topic is not about violence', async () => {
    const r = await chat.say('Nhà chồng ép đẻ con trai, chồng còn đánh vợ vì chỉ đẻ được con gái thì có sao không?');
    expect(texts(r).startsWith(title('ge-health-family-pressure'))).toBe(true);
    expect(content.topics.get('ge-health')!.sensitive).toBe(false);
    expect(actions(r).map((a) => a.value)).toContain('SUPPORT');
    expect(texts(r)).toContain(vi('knowledge.supportOffer'));
  });

  it('takes danger happening now straight to the support path', async () => {
    const r = await chat.say('nó cầm dao đứng ngoài cửa');
    // The support path's own buttons (its payloads are opaque: "SP:…").
    expect(actions(r).some((a) => a.value.startsWith('SP:'))).toBe(true);
  });

  it('does not push the support path on a question with no violence in it', async () => {
    const r = await chat.say('nghỉ thai sản được mấy tháng vậy');
    expect(texts(r).startsWith(title('ge-work-maternity-leave'))).toBe(true);
    expect(actions(r).map((a) => a.value)).not.toContain('SUPPORT');
  });

  it('answers someone who is being hurt with help, never with advice for the person who hurts', async () => {
    const r = await chat.say('chồng nhậu về là đánh em, em phải làm sao');
    const answered = content.articles.vi.find((a) => texts(r).startsWith(a.title));
    expect(answered?.topic).not.toBe('perpetrator-help');
    expect(actions(r).map((a) => a.value)).toContain('SUPPORT');
  });

  it('says plainly, with where to ask, when a question is about something the bot does not cover', async () => {
    const r = await chat.say('làm thẻ bảo hiểm y tế cho mẹ già ở đâu');
    expect(texts(r)).toBe(vi('knowledge.outOfScope'));
    expect(actions(r).map((a) => a.value)).toContain('MENU');
  });

  it('offers related articles, not only related topics, after an article', async () => {
    const article = content.article('vi', 'emergency-in-danger-now')!;
    let r = await chat.say('ARTICLE:emergency-in-danger-now:1');
    // Read to the last part, where related links are offered.
    for (let guard = 0; guard < 5 && actions(r).some((a) => a.value.startsWith('ARTICLE:emergency-in-danger-now:')); guard++) {
      r = await chat.say(actions(r).find((a) => a.value.startsWith('ARTICLE:emergency-in-danger-now:'))!.value);
    }
    expect(article.related).toContain('dv-help-shelter-trusted-address');
    expect(actions(r)).toContainEqual(expect.objectContaining({ title: title('dv-help-shelter-trusted-address'), value: 'ARTICLE:dv-help-shelter-trusted-address:1' }));
  });
});
