import request from 'supertest';
import { buildRuntime, type Runtime } from '../../../src/compose';
import type { Content } from '../../../src/content/types';
import type { Logger } from '../../../src/logger';
import { zaloSignature } from '../../../src/channels/zalo';
import { realContent, silentLogger, tempDir, testConfig } from '../../helpers/env';
import type { FakeZalo, RecordedSend } from './fake-zalo';

export const APP_ID = '360846524940903967';
export const OA_ID = '388613280878808645';
export const OA_SECRET = 'OA_SECRET_TEST';

let counter = 0;
/** A Zalo-sized id: 19 digits, beyond JavaScript's safe integers. */
export function bigId(): string {
  counter++;
  return `98765432109${String(Date.now() % 1e5).padStart(5, '0')}${String(counter).padStart(3, '0')}`;
}

export function textEvent(userId: string, text: string, msgId = `msg${bigId()}`, timestamp = Date.now()): Record<string, unknown> {
  return {
    app_id: APP_ID,
    user_id_by_app: '552172779717587730',
    event_name: 'user_send_text',
    sender: { id: userId },
    recipient: { id: OA_ID },
    message: { text, msg_id: msgId },
    timestamp: String(timestamp),
  };
}

export function event(name: string, userId: string, extra: Record<string, unknown> = {}, timestamp = Date.now()): Record<string, unknown> {
  if (name === 'follow' || name === 'unfollow') {
    return { oa_id: OA_ID, follower: { id: userId }, user_id_by_app: '552172779717587730', event_name: name, source: 'oa_profile', app_id: APP_ID, timestamp: String(timestamp), ...extra };
  }
  if (name === 'user_click_chatnow') return { event_name: name, app_id: APP_ID, oa_id: OA_ID, user_id: userId, timestamp: String(timestamp), ...extra };
  return { app_id: APP_ID, event_name: name, sender: { id: userId }, recipient: { id: OA_ID }, timestamp: String(timestamp), ...extra };
}

/** The body as Zalo sends it (exact bytes) and its signature. */
export function signed(body: Record<string, unknown> | string): { raw: string; signature: string } {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  const ts = /"timestamp":"?(\d+)/.exec(raw)?.[1] ?? '';
  return { raw, signature: zaloSignature(APP_ID, Buffer.from(raw, 'utf8'), ts, OA_SECRET) };
}

export function post(rt: Runtime, body: Record<string, unknown> | string, signature?: string): request.Test {
  const s = signed(body);
  return request(rt.app)
    .post('/webhooks/zalo')
    .set('content-type', 'application/json')
    .set('x-zevent-signature', signature ?? s.signature)
    .send(s.raw);
}

export interface ZaloRuntimeOptions {
  dataDir?: string;
  env?: Record<string, string>;
  content?: Content;
  logger?: Logger;
  maxAttempts?: number;
}

/** The real runtime with the Zalo channel pointed at the fake, on a SQLite file in `dataDir`. */
export async function startZalo(fake: FakeZalo, opts: ZaloRuntimeOptions = {}): Promise<Runtime> {
  const cfg = testConfig({
    DATA_DIR: opts.dataDir ?? tempDir(),
    RATE_LIMIT_PER_MINUTE: '1000',
    ZALO_APP_ID: APP_ID,
    ZALO_APP_SECRET: fake.appSecret,
    ZALO_OA_SECRET_KEY: OA_SECRET,
    ZALO_ACCESS_TOKEN: 'AT1',
    ZALO_REFRESH_TOKEN: 'RT1',
    ZALO_API_BASE: fake.url,
    ZALO_OAUTH_BASE: fake.url,
    ZALO_HTTP_TIMEOUT_MS: '5000',
    ...opts.env,
  });
  return buildRuntime(cfg, opts.logger ?? silentLogger(), {
    content: opts.content ?? realContent(),
    inbox: { pollMs: 20, maxAttempts: opts.maxAttempts ?? 3 },
  });
}

export function texts(sends: RecordedSend[]): string[] {
  return sends.map((s) => s.message.text ?? '');
}

export function buttons(send: RecordedSend | undefined): Array<{ title: string; type: string; payload: unknown }> {
  return send?.message.attachment?.payload.buttons ?? [];
}
