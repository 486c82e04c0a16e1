import path from 'node:path';
import Database from 'better-sqlite3';
import { createI18n } from '../../src/i18n';
import { Cipher, DecryptionError, Pseudonymizer } from '../../src/privacy/crypto';
import { AUDIT_COLLECTION, type AuditEntry } from '../../src/support/audit';
import { CallbackIntake } from '../../src/support/callback-intake';
import { CALLBACK_COLLECTION, callbackAad, callbackId, type CallbackRecord } from '../../src/support/callback-request';
import { ForbiddenError } from '../../src/support/officer';
import { SQLITE_FILE } from '../../src/stores/sqlite';
import { makeBot, type TestBot } from '../helpers/bot';
import { TestChat, texts } from '../helpers/chat';
import { realContent, TEST_SECRETS } from '../helpers/env';
import { deskFor, supportOfficer, testCipher } from '../helpers/support';

const i18n = createI18n(realContent());
const vi = (k: string, v?: Record<string, unknown>) => i18n.t('vi', k, v);
const DAY = 86_400_000;
const idOf = (user = 'user-1') => callbackId(new Pseudonymizer(TEST_SECRETS.PSEUDONYM_SECRET), 'test', user);
const FORM = ['SUPPORT', 'SP:dn', 'SP:c', 'SP:cs'];

async function run(chat: TestChat, inputs: string[]) {
  let last = await chat.say(inputs[0]!);
  for (const i of inputs.slice(1)) last = await chat.say(i);
  return last;
}

describe('callback requests from the chat', () => {
  let tb: TestBot;
  let chat: TestChat;
  beforeEach(async () => {
    tb = makeBot();
    chat = new TestChat(tb.bot);
    await chat.say('GET_STARTED');
  });
  afterEach(() => tb.close());

  it('with no details at all: reply in this chat, any time, no safe word', async () => {
    const confirm = await run(chat, [...FORM, 'Nhắn qua đây', 'Lúc nào cũng được', 'Không cần']);
    expect(texts(confirm)).toBe(vi('support.callback.confirm', { method: vi('support.callback.viaChat'), time: vi('support.callback.timeAny'), word: vi('support.callback.wordNone') }));
    const sent = await chat.tap(confirm, vi('support.callback.send'));
    expect(texts(sent)).toBe(vi('support.callback.sent', { days: 30, police: '113' }));
    const view = await deskFor(tb).read(supportOfficer, idOf());
    expect(view?.status).toBe('new');
    expect(view?.details).toEqual({
      method: 'chat',
      channel: 'test',
      locale: 'vi',
      reply: expect.objectContaining({ channelId: 'test', conversation: expect.objectContaining({ id: 'conv-user-1' }), user: { id: 'user-1', name: '' } }),
    });
  });

  it('with a phone number, a time window in the person’s own words, and a safe word', async () => {
    const confirm = await run(chat, [...FORM, 'SP:f:m:p', '+84 912.345.678', 'tối thứ Bảy, sau 9 giờ', 'hỏi mua gạo nếp']);
    // The check repeats only the last digits of the number.
    expect(texts(confirm)).toContain(vi('support.callback.viaPhone', { tail: '678' }));
    expect(texts(confirm)).not.toContain('912');
    await chat.tap(confirm, vi('support.callback.send'));
    const view = await deskFor(tb).read(supportOfficer, idOf());
    expect(view?.details).toEqual({ method: 'phone', phone: '0912345678', time: { text: 'tối thứ Bảy, sau 9 giờ' }, safeWord: 'hỏi mua gạo nếp', channel: 'test', locale: 'vi' });
  });

  it('with a time of day chosen by button', async () => {
    await run(chat, [...FORM, 'SP:f:m:c', 'Buổi tối', 'SP:f:w:none', 'SP:f:ok']);
    expect((await deskFor(tb).read(supportOfficer, idOf()))?.details.time).toEqual({ preset: 'evening' });
  });

  it('a number that is not one is asked again, kindly, and the form waits', async () => {
    const r = await run(chat, [...FORM, 'SP:f:m:p', 'số nhà 12']);
    expect(texts(r)).toBe(vi('support.callback.phoneInvalid'));
    const next = await chat.say('0987654321');
    expect(texts(next)).toBe(vi('support.callback.time'));
  });

  it('words of distress typed in the form go to the danger question, not into the request', async () => {
    await run(chat, [...FORM, 'SP:f:m:c', 'SP:f:t:morning']);
    const r = await chat.say('nó về rồi, cứu em');
    expect(texts(r)).toBe(vi('support.danger.ask', { exit: vi('support.exit') }));
    expect(await tb.stores.records.get(CALLBACK_COLLECTION, idOf())).toBeUndefined();
  });

  it('a question typed after leaving the form for the menu is answered, not taken as a safe word', async () => {
    await run(chat, [...FORM, 'SP:f:m:c', 'SP:f:t:morning', 'menu']);
    const r = await chat.say('Bình đẳng giới là gì?');
    expect(texts(r)).not.toContain(vi('support.callback.confirm').split('\n')[0]);
  });

  it('a form button from a session that has expired starts again, saying why', async () => {
    await run(chat, ['SUPPORT', 'SP:dn']);
    await tb.stores.state.delete(['test/conversations/conv-user-1/support-path']);
    const r = await chat.say('SP:f:ok');
    expect(texts(r)).toContain(vi('support.callback.expired'));
    expect(texts(r)).toContain(vi('support.callback.method'));
  });

  it('a new request replaces the earlier one: one request per person', async () => {
    await run(chat, [...FORM, 'SP:f:m:c', 'SP:f:t:morning', 'SP:f:w:none', 'SP:f:ok']);
    await run(chat, [...FORM, 'SP:f:m:c', 'SP:f:t:evening', 'SP:f:w:none', 'SP:f:ok']);
    const list = await deskFor(tb).list(supportOfficer);
    expect(list.map((s) => s.id)).toEqual([idOf()]);
    expect((await deskFor(tb).read(supportOfficer, idOf()))?.details.time).toEqual({ preset: 'evening' });
  });

  it('the resident deletes a request; the answer is the same whether there was one or not', async () => {
    const none = await run(chat, ['SUPPORT', 'SP:dn', 'SP:c', 'SP:cd']);
    await run(chat, [...FORM, 'SP:f:m:c', 'SP:f:t:morning', 'SP:f:w:none', 'SP:f:ok']);
    expect(await tb.stores.records.get(CALLBACK_COLLECTION, idOf())).toBeDefined();
    const some = await run(chat, ['SP:c', 'Xóa yêu cầu cũ']);
    expect(texts(some)).toBe(texts(none));
    expect(await tb.stores.records.get(CALLBACK_COLLECTION, idOf())).toBeUndefined();
  });
});

describe('callback requests at rest and for officers', () => {
  let tb: TestBot;
  beforeEach(() => {
    tb = makeBot();
  });
  afterEach(() => tb.close());

  const submit = (intake: CallbackIntake, user = 'user-1') =>
    intake.submit('test', user, { method: 'phone', phone: '0912345678', time: { text: 'sau 21 giờ' }, safeWord: 'mua gạo', channel: 'test', locale: 'vi' });
  const intakeFor = (now = () => new Date(), retention = 30 * DAY) =>
    new CallbackIntake(tb.stores.records, testCipher(), new Pseudonymizer(TEST_SECRETS.PSEUDONYM_SECRET), now, retention);
  const audit = async () => (await tb.stores.records.list<AuditEntry>(AUDIT_COLLECTION)).map((r) => r.doc);

  it('is unreadable in the raw store without the key, and bound to its id', async () => {
    await submit(intakeFor());
    await tb.close();
    const db = new Database(path.join(tb.dataDir, SQLITE_FILE), { readonly: true });
    const row = db.prepare('SELECT id, doc FROM records WHERE collection = ?').get(CALLBACK_COLLECTION) as { id: string; doc: string };
    db.close();
    expect(row.doc).not.toMatch(/0912345678|912345678|mua gạo|21 giờ|phone/);
    const doc = JSON.parse(row.doc) as CallbackRecord;
    expect(Object.keys(doc).sort()).toEqual(['createdAt', 'sealed', 'status']);
    expect(() => new Cipher(Buffer.alloc(32, 7)).openJson(doc.sealed, callbackAad(row.id))).toThrow(DecryptionError);
    expect(() => testCipher().openJson(doc.sealed, callbackAad('cb-another-id'))).toThrow(DecryptionError);
    expect(testCipher().openJson<{ phone: string }>(doc.sealed, callbackAad(row.id)).phone).toBe('0912345678');
    tb = makeBot();
  });

  it('is deleted after the retention period', async () => {
    const now = Date.now();
    await submit(intakeFor(() => new Date(now - 31 * DAY)), 'old');
    await submit(intakeFor(() => new Date(now)), 'recent');
    const desk = deskFor(tb);
    expect(await desk.read(supportOfficer, idOf('old'))).toBeUndefined();
    expect(await tb.stores.records.purgeExpired()).toBe(1);
    expect((await desk.list(supportOfficer)).map((s) => s.id)).toEqual([idOf('recent')]);
    const recent = (await desk.list(supportOfficer))[0]!;
    expect(Date.parse(recent.expiresAt!) - Date.parse(recent.createdAt)).toBe(30 * DAY);
    // Moving the clock past the retention period removes the recent one too.
    expect(await tb.stores.records.purgeExpired(new Date(now + 30 * DAY + 1000))).toBe(1);
    expect(await tb.stores.records.list(CALLBACK_COLLECTION)).toEqual([]);
  });

  it('only an officer with the support role reads it; every read and every refusal is in the audit log', async () => {
    await submit(intakeFor());
    const desk = deskFor(tb);
    await expect(desk.read({ username: 'xem.so.lieu', roles: ['viewer'] }, idOf())).rejects.toBeInstanceOf(ForbiddenError);
    await expect(desk.list({ username: 'quan.tri', roles: ['admin'] })).rejects.toBeInstanceOf(ForbiddenError);
    const view = await desk.read(supportOfficer, idOf());
    expect(view?.details.phone).toBe('0912345678');
    const entries = await audit();
    // Entries of the same millisecond sort by their random part, so the order is not asserted.
    expect(entries.map((e) => `${e.actor} ${e.action} ${e.target ?? '-'}`).sort()).toEqual([
      `canbo.hotro callback.read ${idOf()}`,
      'quan.tri callback.list.denied -',
      `xem.so.lieu callback.read.denied ${idOf()}`,
    ]);
    for (const e of entries) expect(Object.keys(e).filter((k) => !['at', 'actor', 'action', 'target'].includes(k))).toEqual([]);
    expect(JSON.stringify(entries)).not.toMatch(/0912345678|mua gạo|21 giờ/);
    const ids = (await tb.stores.records.list(AUDIT_COLLECTION)).map((r) => r.id);
    for (const id of ids) expect(id).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z:[0-9a-f]{12}$/);
  });

  it('officers list requests with their status, mark them contacted, and delete them', async () => {
    await submit(intakeFor(), 'a');
    await submit(intakeFor(), 'b');
    const desk = deskFor(tb);
    const list = await desk.list(supportOfficer);
    expect(list.map((s) => s.status)).toEqual(['new', 'new']);
    expect(JSON.stringify(list)).not.toMatch(/0912345678|mua gạo/);
    expect(await desk.markContacted(supportOfficer, idOf('a'))).toBe(true);
    expect((await desk.read(supportOfficer, idOf('a')))?.status).toBe('contacted');
    expect(await desk.delete(supportOfficer, idOf('b'))).toBe(true);
    expect((await desk.list(supportOfficer)).map((s) => [s.id, s.status])).toEqual([[idOf('a'), 'contacted']]);
    expect(await desk.markContacted(supportOfficer, idOf('b'))).toBe(false);
    expect((await audit()).map((e) => e.action).sort()).toEqual(
      ['callback.list', 'callback.contacted', 'callback.read', 'callback.delete', 'callback.list', 'callback.contacted'].sort(),
    );
  });

  it('the chat side can hand a request in and take it back, and has no way to read one', () => {
    expect(Object.getOwnPropertyNames(CallbackIntake.prototype).sort()).toEqual(['constructor', 'submit', 'withdraw']);
  });
});
