import { ComponentDialog, WaterfallDialog } from 'botbuilder-dialogs';
import type { Feature } from '../../src/bot/features';
import { createI18n } from '../../src/i18n';
import { QuietList } from '../../src/support/quiet';
import { makeBot, type TestBot } from '../helpers/bot';
import { actions, TestChat, texts } from '../helpers/chat';
import { realContent } from '../helpers/env';
import { allText, callButtons, captureReach, conversationState, previews, supportSession } from '../helpers/support';

const content = realContent();
const i18n = createI18n(content);
const vi = (k: string, v?: Record<string, unknown>) => i18n.t('vi', k, v);
const en = (k: string, v?: Record<string, unknown>) => i18n.t('en', k, v);
const titles = (r: Parameters<typeof actions>[0]) => actions(r).map((a) => a.title);

/** Words a first line must not contain: a lock screen or the chat list shows it to anyone. */
const GIVES_AWAY = /bạo lực|bạo hành|đánh|công an|nguy hiểm|cứu|mua bán|xâm hại|113|115|111|violence|abuse|police|danger|traffick/i;

/** A dialog of another feature waiting for an answer, to prove distress interrupts it. */
function otherDialogFeature(): Feature {
  const dialog = new ComponentDialog('other.ask');
  dialog.addDialog(
    new WaterfallDialog('other.ask.steps', [
      async (step) => {
        await step.context.sendActivity('Câu hỏi đố: thủ đô của Việt Nam là gì?');
        return { status: 'waiting' } as never;
      },
      async (step) => {
        await step.context.sendActivity('Cảm ơn câu trả lời!');
        return step.endDialog();
      },
    ]),
  );
  return { name: 'other', dialogs: [dialog], payloads: { OTHER: async () => ({ begin: { dialogId: 'other.ask' } }) } };
}

describe('support path', () => {
  let tb: TestBot;
  let chat: TestChat;
  beforeEach(async () => {
    tb = makeBot({ features: [otherDialogFeature()] });
    chat = new TestChat(tb.bot);
    await chat.say('GET_STARTED');
  });
  afterEach(() => tb.close());

  it('the menu entry asks about danger first, with a quick exit', async () => {
    const r = await chat.say('SUPPORT');
    expect(texts(r)).toBe(vi('support.danger.ask', { exit: vi('support.exit') }));
    expect(titles(r)).toEqual([vi('support.yes'), vi('support.no'), vi('support.exit')]);
  });

  it('typing "hỗ trợ" opens the path too', async () => {
    const r = await chat.say('hỗ trợ');
    expect(texts(r)).toContain(vi('support.danger.ask', { exit: vi('support.exit') }).split('\n')[1]);
  });

  it.each(['chồng tôi đánh tôi', 'ck danh e', 'giúp tôi với', 'toi so ve nha', 'My husband hits me'])(
    'words of distress ("%s") bring a gentle offer that assumes nothing',
    async (text) => {
      const r = await chat.say(text);
      const last = r[r.length - 1]!;
      expect(last.text).toBe(vi('support.offer.victim'));
      expect(titles([last])).toEqual([vi('support.yes'), vi('support.noThanks'), vi('support.exit')]);
    },
  );

  it('a question of distress gets its answer first, then the offer', async () => {
    const r = await chat.say('Bị chồng đánh thì báo ai?');
    expect(r.length).toBeGreaterThanOrEqual(2);
    expect(r[0]!.text).toMatch(/Điều 19/);
    expect(r[r.length - 1]!.text).toBe(vi('support.offer.victim'));
  });

  it.each(['Bình đẳng giới là gì?', 'Đánh vợ bị phạt bao nhiêu tiền?', 'nghỉ thai sản mấy tháng'])('an ordinary question ("%s") is simply answered', async (text) => {
    const r = await chat.say(text);
    expect(allText(r)).not.toContain(vi('support.offer.victim'));
    expect(await supportSession(tb)).toBeUndefined();
  });

  it('someone worried about their own violence is offered the way to stop, and the other choices', async () => {
    const r = await chat.say('tôi hay đánh vợ, muốn bỏ mà không được');
    expect(texts(r)).toBe(vi('support.offer.perpetrator'));
    const p = await chat.tap(r, vi('support.yes'));
    expect(texts(p)).toContain(vi('support.perpetrator.intro', { where: 'UBND xã Hiệp Hòa', police: '113' }).split('\n')[1]);
  });

  it.each(['cứu tôi với', 'nó cầm dao đứng ngoài cửa', 'anh ta dọa giết tôi', 'he is going to kill me'])(
    'danger happening now ("%s") goes straight to the danger check: no answer to read first, 113 one tap away',
    async (text) => {
      const r = await chat.say(text);
      expect(texts(r)).toBe(vi('support.danger.ask', { exit: vi('support.exit') }));
      const yes = await chat.tap(r, vi('support.yes'));
      expect(callButtons(yes).map((b) => b.value)).toContain('tel:113');
    },
  );

  it('declining the offer is respected: no more questions, the menu, and nothing kept', async () => {
    const r = await chat.tap(await chat.say('giúp tôi với'), vi('support.noThanks'));
    expect(texts(r)).toBe(vi('support.declined', { label: vi('menu.support') }));
    expect(await supportSession(tb)).toBeUndefined();
  });

  it('words of distress interrupt another dialog waiting for an answer', async () => {
    const asked = await chat.say('OTHER');
    expect(texts(asked)).toContain('thủ đô');
    const r = await chat.say('chồng tôi đánh tôi');
    expect(r[r.length - 1]!.text).toBe(vi('support.offer.victim'));
    expect((await conversationState(tb)).dialogState?.dialogStack).toEqual([]);
  });

  it('on the path already, words of distress go straight to the danger question', async () => {
    await chat.say('SUPPORT');
    await chat.say('SP:dn');
    const r = await chat.say('nó đang đập cửa, cứu em');
    expect(texts(r)).toBe(vi('support.danger.ask', { exit: vi('support.exit') }));
  });

  it('in danger: tappable calls to 113 and 115, the nearest police post, safety steps; counted as support information', async () => {
    const reach = captureReach(chat);
    await chat.say('SUPPORT');
    const r = await chat.say('Có');
    expect(callButtons(r)).toEqual([
      { title: vi('support.call', { number: '113' }), value: 'tel:113' },
      { title: vi('support.call', { number: '115' }), value: 'tel:115' },
    ]);
    expect(allText(r)).toContain('Công an xã Hiệp Hòa');
    expect(allText(r)).toContain(vi('support.danger.steps', { nearest: 'X' }).split('\n')[2]);
    expect(titles(r)).toEqual([vi('support.otherChoices'), vi('support.done'), vi('support.exit')]);
    expect(reach[reach.length - 1]).toEqual([{ kind: 'support-info' }]);
  });

  it('not in danger: the six choices, each a number, with done and quick exit', async () => {
    await chat.say('SUPPORT');
    const r = await chat.say('Không');
    expect(texts(r)).toBe(vi('support.choices.prompt'));
    expect(actions(r).map((a) => a.value)).toEqual(['SP:u', 'SP:s', 'SP:c', 'SP:o', 'SP:p', 'SP:t', 'SP:e', 'SP:x']);
  });

  it('understand: readings from the knowledge base, inside the path, read in parts', async () => {
    await chat.say('SUPPORT');
    await chat.say('SP:dn');
    const list = await chat.say('1');
    expect(texts(list)).toContain(content.support.path.branches.understand.readings[0]!.label.vi);
    const reading = await chat.tap(list, /^1\. /);
    expect(texts(reading)).toContain(content.article('vi', 'dv-basics-what-is-dv')!.title);
    expect(reading[0]!.text!.split('\n')[0]).toBe(vi('support.lead'));
    const more = actions(reading).find((a) => a.value === 'SP:r:u:0:2');
    expect(more).toBeDefined();
    expect(titles(reading)).toContain(vi('support.exit'));
  });

  it('services: verified numbers as call buttons, local places by name, details on demand; never an unverified number or a shelter address', async () => {
    const reach = captureReach(chat);
    await chat.say('SUPPORT');
    await chat.say('SP:dn');
    const r = await chat.say('2');
    expect(callButtons(r).map((b) => b.value)).toEqual(['tel:113', 'tel:115', 'tel:111']);
    for (const s of content.services.filter((x) => x.scope !== 'national' && x.audience.includes('victim'))) expect(allText(r)).toContain(s.name.vi);
    expect(reach[reach.length - 1]).toEqual([{ kind: 'support-info' }]);
    const shown: string[] = [allText(r)];
    const places = content.services.filter((x) => x.scope !== 'national' && x.audience.includes('victim'));
    for (let i = 0; i < places.length; i++) {
      const d = await chat.say(`SP:d:v:${i}`);
      shown.push(allText(d));
      expect(allText(d)).toContain(places[i]!.offers.vi[0]!);
      if (places[i]!.confidential) expect(allText(d)).toContain(vi('support.services.confidential').trim());
    }
    const everything = shown.join('\n');
    for (const s of content.services.filter((x) => x.phone && !x.verified)) expect(everything).not.toContain(s.phone!);
    expect(everything).not.toMatch(/Địa chỉ:/);
  });

  it('help for someone else: what to do, 113/115/111 to tap, readings and places', async () => {
    await chat.say('SUPPORT');
    await chat.say('SP:dn');
    const r = await chat.say('4');
    expect(callButtons(r).map((b) => b.value)).toEqual(['tel:113', 'tel:115', 'tel:111']);
    expect(r[r.length - 1]!.text).toBe(vi('support.someoneElse.intro', { police: '113', children: '111' }));
    const places = await chat.tap(r, vi('support.someoneElse.services'));
    expect(allText(places)).toContain('Hội Liên hiệp Phụ nữ xã Hiệp Hòa');
    const reading = await chat.tap(r, /^1\. /);
    expect(texts(reading)).toContain(content.article('vi', 'dv-help-helping-someone')!.title);
  });

  it('help to stop being violent: no judgement, what to do in the moment, where to ask', async () => {
    await chat.say('SUPPORT');
    await chat.say('SP:dn');
    const r = await chat.say('5');
    expect(texts(r)).toBe(vi('support.perpetrator.intro', { where: 'UBND xã Hiệp Hòa', police: '113' }));
    expect(titles(r)).toContain(`1. ${content.support.path.branches.perpetrator.readings[0]!.label.vi}`);
  });

  it('returned trafficking victims: their support under the 2024 law, 111 to tap', async () => {
    await chat.say('SUPPORT');
    await chat.say('SP:dn');
    const r = await chat.say('6');
    expect(callButtons(r).map((b) => b.value)).toEqual(['tel:113', 'tel:111']);
    expect(texts(r)).toContain('Điều 37');
  });

  it('the end explains how to delete the thread on Messenger and Zalo, then leaves an everyday last line', async () => {
    await chat.say('SUPPORT');
    const r = await chat.say('SP:e');
    expect(texts(r)).toContain(vi('support.end.messenger'));
    expect(texts(r)).toContain(vi('support.end.zalo'));
    expect(r[r.length - 1]!.text).toBe(vi('support.exitLine'));
    expect(await supportSession(tb)).toBeUndefined();
  });

  it('every message of the path starts with a line that gives nothing away, and every button title fits', async () => {
    const seen: string[] = [];
    const walk = [
      'cứu tôi với', 'SP:go', 'SP:dy', 'SP:m', 'SP:u', 'SP:r:u:0:1', 'SP:r:u:0:2', 'SP:s', 'SP:d:v:0', 'SP:d:v:7', 'SP:o', 'SP:s:o',
      'SP:r:o:1:1', 'SP:p', 'SP:s:p', 'SP:t', 'SP:r:t:0:1', 'SP:c', 'SP:cs', 'SP:f:m:p', '0912345678', 'SP:f:t:evening', 'SP:f:w:none',
      'SP:f:ok', 'SP:cd', 'SP:e', 'SP:x',
    ];
    const tooLong: string[] = [];
    for (const input of walk) {
      const r = await chat.say(input);
      seen.push(...previews(r).map((p) => `${input} -> ${p}`));
      tooLong.push(...[...actions(r), ...callButtons(r)].map((a) => a.title).filter((t) => [...t].length > 20));
    }
    expect(seen.filter((p) => GIVES_AWAY.test(p.split(' -> ')[1]!))).toEqual([]);
    expect(seen.length).toBeGreaterThan(30);
    // Messenger cuts quick-reply titles at 20 characters: every button of the path fits.
    expect(tooLong).toEqual([]);
  });

  it('a person on the path is kept quiet: no reminders or broadcasts for the configured time', async () => {
    const quiet = new QuietList(tb.stores.state, tb.config.supportQuietMs);
    expect(await quiet.isQuiet('test', 'user-1')).toBe(false);
    await chat.say('SUPPORT');
    expect(await quiet.isQuiet('test', 'user-1')).toBe(true);
    expect(await quiet.isQuiet('test', 'user-2')).toBe(false);
  });

  it('"what do you keep" reads the same whether or not the person opened the path', async () => {
    const support = tb.bot.features.find((f) => f.name === 'support')!;
    const other = new TestChat(tb.bot, 'user-2');
    let before: string[] = [];
    other.adapter.use(async (ctx, next) => {
      await next();
      before = await support.describeKept!(ctx);
    });
    await other.say('menu');
    let after: string[] = [];
    chat.adapter.use(async (ctx, next) => {
      await next();
      after = await support.describeKept!(ctx);
    });
    await chat.say('SUPPORT');
    expect(after).toEqual(before);
    expect(after.join(' ')).toContain('30');
  });

  it('"delete my data" forgets the session, the quiet flag and a callback request', async () => {
    const support = tb.bot.features.find((f) => f.name === 'support')!;
    for (const input of ['SUPPORT', 'SP:dn', 'SP:c', 'SP:cs', 'SP:f:m:c', 'SP:f:t:any', 'SP:f:w:none', 'SP:f:ok']) await chat.say(input);
    expect((await tb.stores.records.list('callback-requests')).length).toBe(1);
    chat.adapter.use(async (ctx, next) => {
      await next();
      if (ctx.activity.text === 'forget-now') await support.forget!(ctx);
    });
    await chat.say('forget-now');
    expect(await supportSession(tb)).toBeUndefined();
    expect(await new QuietList(tb.stores.state, 60_000).isQuiet('test', 'user-1')).toBe(false);
    expect(await tb.stores.records.list('callback-requests')).toEqual([]);
  });

  it('works in English', async () => {
    await chat.say('English');
    const offer = await chat.say("I'm scared to go home");
    expect(offer[offer.length - 1]!.text).toBe(en('support.offer.victim'));
    const danger = await chat.tap(offer, en('support.yes'));
    expect(texts(danger)).toBe(en('support.danger.ask', { exit: en('support.exit') }));
    const yes = await chat.tap(danger, en('support.yes'));
    expect(callButtons(yes)[0]).toEqual({ title: 'Call 113', value: 'tel:113' });
    const exit = await chat.say('exit');
    expect(texts(exit)).toBe(en('support.exitLine'));
  });
});
