import { createI18n } from '../../src/i18n';
import { makeBot, type TestBot } from '../helpers/bot';
import { actions, TestChat, texts } from '../helpers/chat';
import { Pseudonymizer } from '../../src/privacy/crypto';
import { callbackId } from '../../src/support/callback-request';
import { realContent, TEST_SECRETS } from '../helpers/env';
import { conversationState, supportSession } from '../helpers/support';

const i18n = createI18n(realContent());
const vi = (k: string) => i18n.t('vi', k);

/** How to reach each step of the path, from a fresh conversation. */
const STEPS: Record<string, string[]> = {
  'the gentle offer': ['chồng tôi đánh tôi'],
  'the danger question': ['SUPPORT'],
  'in danger now': ['SUPPORT', 'SP:dy'],
  'the choices': ['SUPPORT', 'SP:dn'],
  'understand': ['SUPPORT', 'SP:dn', 'SP:u'],
  'a reading': ['SUPPORT', 'SP:dn', 'SP:u', 'SP:r:u:1:1'],
  'services': ['SUPPORT', 'SP:dn', 'SP:s'],
  'a service in detail': ['SUPPORT', 'SP:dn', 'SP:s', 'SP:d:v:2'],
  'the callback intro': ['SUPPORT', 'SP:dn', 'SP:c'],
  'the contact method': ['SUPPORT', 'SP:dn', 'SP:c', 'SP:cs'],
  'typing a phone number': ['SUPPORT', 'SP:dn', 'SP:c', 'SP:cs', 'SP:f:m:p'],
  'a safe time': ['SUPPORT', 'SP:dn', 'SP:c', 'SP:cs', 'SP:f:m:p', '0912 345 678'],
  'a safe word': ['SUPPORT', 'SP:dn', 'SP:c', 'SP:cs', 'SP:f:m:c', 'SP:f:t:morning'],
  'checking the request': ['SUPPORT', 'SP:dn', 'SP:c', 'SP:cs', 'SP:f:m:c', 'SP:f:t:morning', 'hỏi mua gạo'],
  'request sent': ['SUPPORT', 'SP:dn', 'SP:c', 'SP:cs', 'SP:f:m:c', 'SP:f:t:morning', 'SP:f:w:none', 'SP:f:ok'],
  'request withdrawn': ['SUPPORT', 'SP:dn', 'SP:c', 'SP:cd'],
  'someone else': ['SUPPORT', 'SP:dn', 'SP:o'],
  'stopping violence': ['SUPPORT', 'SP:dn', 'SP:p'],
  'returning after trafficking': ['SUPPORT', 'SP:dn', 'SP:t'],
};

const EXITS: Array<[string, (chat: TestChat, last: Awaited<ReturnType<TestChat['say']>>) => ReturnType<TestChat['say']>]> = [
  ['the button', (chat, last) => chat.tap(last, vi('support.exit'))],
  ['typed "thoát"', (chat) => chat.say('thoát')],
  ['typed "x"', (chat) => chat.say('x')],
  ['typed "Exit"', (chat) => chat.say('Exit')],
];

const GIVES_AWAY = /bạo lực|đánh|công an|nguy hiểm|cứu|hỗ trợ|giúp|violence|police|danger|help/i;

describe('quick exit, at every step of the support path', () => {
  let tb: TestBot;
  beforeAll(() => {
    tb = makeBot();
  });
  afterAll(() => tb.close());

  let n = 0;
  const cases = Object.entries(STEPS).flatMap(([step, inputs]) => EXITS.map(([how, exit]) => [step, how, inputs, exit] as const));

  it.each(cases)('from %s, by %s: an everyday line, and nothing of the path is left', async (_step, _how, inputs, exit) => {
    const user = `exit-${n++}`;
    const chat = new TestChat(tb.bot, user);
    await chat.say('GET_STARTED');
    let last = await chat.say(inputs[0]!);
    for (const input of inputs.slice(1)) last = await chat.say(input);
    // The step offers the quick exit, as its last button.
    expect(actions(last).at(-1)).toEqual({ title: vi('support.exit'), value: 'SP:x' });

    const r = await exit(chat, last);
    expect(texts(r)).toBe(vi('support.exitLine'));
    expect(texts(r)).not.toMatch(GIVES_AWAY);
    expect(actions(r).map((a) => a.value)).toEqual(['QUIZ', 'MENU']);

    expect(await supportSession(tb, user)).toBeUndefined();
    const state = await conversationState(tb, user);
    expect(state.dialogState?.dialogStack ?? []).toEqual([]);
    expect((state.offered ?? []).filter((c) => c.value.startsWith('SP'))).toEqual([]);
  });

  it('after a quick exit, what was typed next is never taken for the form', async () => {
    const chat = new TestChat(tb.bot, 'exit-form');
    for (const input of ['SUPPORT', 'SP:dn', 'SP:c', 'SP:cs', 'SP:f:m:c', 'SP:f:t:morning', 'x']) await chat.say(input);
    const r = await chat.say('hỏi mua gạo');
    expect(texts(r)).not.toContain(vi('support.callback.confirm').split('\n')[0]);
    const id = callbackId(new Pseudonymizer(TEST_SECRETS.PSEUDONYM_SECRET), 'test', 'exit-form');
    expect(await tb.stores.records.get('callback-requests', id)).toBeUndefined();
  });
});
