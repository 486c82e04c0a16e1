import { AuditLog } from '../../src/officers/audit';
import { CallbackIntake } from '../../src/support/callback-intake';
import type { Runtime } from '../../src/compose';
import { addOfficers, signIn } from '../helpers/dashboard';
import { messengerBot, type MessengerBot } from '../channels/messenger/harness';
import { graphError } from '../channels/messenger/fake-graph';
import { FakeZalo } from '../channels/zalo/fake-zalo';
import { bigId, post, startZalo, textEvent } from '../channels/zalo/helpers';

/** A callback request answered "in this chat", as the support path stores it. */
async function chatRequest(rt: Runtime, channel: string, userId: string): Promise<string> {
  const intake = new CallbackIntake(rt.stores.records, rt.cipher, rt.pseudonyms, () => new Date(), 30 * 86_400_000);
  await intake.submit(channel, userId, {
    method: 'chat',
    safeWord: 'chị Mai hỏi mua rau',
    channel,
    locale: 'vi',
    reply: { channelId: channel, conversation: { id: userId, isGroup: false, conversationType: 'personal', name: '' }, user: { id: userId, name: '' } },
  });
  const { agent } = await signIn(rt, 'support');
  const list = await agent.get('/dashboard/callbacks');
  return /data-callback="([^"]+)"/.exec(list.text)![1]!;
}

async function reply(rt: Runtime, id: string, text: string): Promise<{ location: string; page: string }> {
  const { agent, csrf } = await signIn(rt, 'support');
  const res = await agent.post(`/dashboard/callbacks/${encodeURIComponent(id)}/reply`).type('form').send({ _csrf: csrf, text });
  const page = await agent.get(res.headers.location as string);
  return { location: res.headers.location as string, page: page.text };
}

describe('an officer answers a callback request in the resident’s chat', () => {
  describe('on Messenger', () => {
    let mb: MessengerBot;
    const PSID = '7012345678901234';
    beforeEach(async () => {
      mb = await messengerBot();
      await addOfficers(mb.rt);
    });
    afterEach(async () => mb.close());

    it('sends it as a human agent message (7-day tag), marks the request contacted, and audits the reply, not its text', async () => {
      const id = await chatRequest(mb.rt, 'messenger', PSID);
      const form = await (await signIn(mb.rt, 'support')).agent.get(`/dashboard/callbacks/${encodeURIComponent(id)}`);
      expect(form.text).toContain('name="text"');
      expect(form.text).toContain('chị Mai hỏi mua rau'); // the safe phrase is already at the start
      const { location, page } = await reply(mb.rt, id, 'chị Mai hỏi mua rau: chiều nay 4 giờ em rảnh không?');
      expect(location).toMatch(/sent=ok$/);
      expect(page).toContain('Đã gửi');
      const sent = mb.fake.delivered().filter((r) => r.body.recipient?.id === PSID);
      expect(sent).toHaveLength(1);
      expect(sent[0]!.body).toMatchObject({ messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT', message: { text: 'chị Mai hỏi mua rau: chiều nay 4 giờ em rảnh không?' } });
      const audit = await new AuditLog(mb.rt.stores.records).recent(10);
      expect(audit.find((e) => e.action === 'callback.reply')).toMatchObject({ actor: 'support', target: id });
      expect(JSON.stringify(audit)).not.toContain('4 giờ');
      expect(page).toContain('Đã liên hệ');
    });

    it('says so when Meta refuses (past the 7 days), and leaves the request open', async () => {
      mb.fake.respond(() => ({ status: 400, body: graphError(10, 2018278) }));
      const id = await chatRequest(mb.rt, 'messenger', PSID);
      const { location, page } = await reply(mb.rt, id, 'chị Mai hỏi mua rau');
      expect(location).toMatch(/sent=window-closed$/);
      expect(page).toContain('đã quá thời hạn trả lời');
      expect(page).toContain('Chưa liên hệ');
    });
  });

  describe('on Zalo', () => {
    let fake: FakeZalo;
    let rt: Runtime;
    beforeEach(async () => {
      fake = await new FakeZalo().start();
      rt = await startZalo(fake);
      await addOfficers(rt);
    });
    afterEach(async () => {
      await rt.close();
      await fake.close();
    });

    it('sends a consultation message when the resident wrote within the window', async () => {
      const user = bigId();
      expect((await post(rt, textEvent(user, 'xin chào'))).status).toBe(200);
      await rt.inbox.drained(10_000);
      const before = fake.sends.length;
      const id = await chatRequest(rt, 'zalo', user);
      const { location } = await reply(rt, id, 'chị Mai hỏi mua rau');
      expect(location).toMatch(/sent=ok$/);
      const mine = fake.sends.slice(before);
      expect(mine).toHaveLength(1);
      expect(mine[0]).toMatchObject({ recipient: { user_id: user }, message: { text: 'chị Mai hỏi mua rau' } });
    });

    it('does not try when Zalo would refuse (no message from the resident in the last 7 days)', async () => {
      const id = await chatRequest(rt, 'zalo', bigId());
      const { location, page } = await reply(rt, id, 'chị Mai hỏi mua rau');
      expect(location).toMatch(/sent=window-closed$/);
      expect(page).toContain('đã quá thời hạn trả lời');
      expect(fake.sends).toHaveLength(0);
    });
  });
});
