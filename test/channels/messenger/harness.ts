import request from 'supertest';
import { buildRuntime, type Runtime } from '../../../src/compose';
import type { Logger } from '../../../src/logger';
import { realContent, silentLogger, testConfig } from '../../helpers/env';
import { APP_SECRET, PAGE_TOKEN, sign, VERIFY_TOKEN } from './events';
import { FakeGraph } from './fake-graph';

export const WEBHOOK = '/webhooks/messenger';

export interface MessengerBot {
  rt: Runtime;
  fake: FakeGraph;
  /** POSTs a body to the webhook, signed with the app secret unless `signature` says otherwise. */
  post(body: object | string, signature?: string | null): Promise<request.Response>;
  /** Waits until the inbox has no work left (every accepted event has had its turn). */
  settle(): Promise<void>;
  close(): Promise<void>;
}

/** The whole runtime (buildRuntime) with Messenger live and the Graph API faked on loopback. */
export async function messengerBot(env: Record<string, string> = {}, logger: Logger = silentLogger()): Promise<MessengerBot> {
  const fake = await FakeGraph.start();
  const cfg = testConfig({
    MESSENGER_APP_SECRET: APP_SECRET,
    MESSENGER_VERIFY_TOKEN: VERIFY_TOKEN,
    MESSENGER_PAGE_ACCESS_TOKEN: PAGE_TOKEN,
    MESSENGER_API_BASE: fake.url,
    ...env,
  });
  const rt = await buildRuntime(cfg, logger, { content: realContent(), inbox: { pollMs: 20 } });
  return {
    rt,
    fake,
    post(body, signature) {
      const raw = typeof body === 'string' ? body : JSON.stringify(body);
      const req = request(rt.app).post(WEBHOOK).set('content-type', 'application/json');
      if (signature !== null) req.set('x-hub-signature-256', signature ?? sign(raw));
      return req.send(raw);
    },
    settle: () => rt.inbox.drained(15_000),
    async close() {
      await rt.close();
      await fake.close();
    },
  };
}

/** The texts the fake delivered to one resident, in order (quick-reply titles after ` | `). */
export function said(fake: FakeGraph, psid: string): string[] {
  return fake
    .delivered()
    .filter((r) => r.body.recipient.id === psid)
    .map((r) => {
      const m = r.body.message;
      const text: string = m.text ?? m.attachment?.payload?.text ?? '';
      const qr = (m.quick_replies ?? []).map((q: { title: string }) => q.title);
      return qr.length ? `${text} | ${qr.join(' / ')}` : text;
    });
}

/** The quick-reply payloads of the last message delivered to a resident. */
export function lastPayloads(fake: FakeGraph, psid: string): string[] {
  const mine = fake.delivered().filter((r) => r.body.recipient.id === psid);
  return (mine.at(-1)?.body.message.quick_replies ?? []).map((q: { payload: string }) => q.payload);
}
