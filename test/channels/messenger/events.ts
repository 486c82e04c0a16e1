import { createHmac } from 'node:crypto';

/**
 * Real-shaped Messenger webhook bodies (channels.md B2) and their signatures, for tests and the
 * benchmark's expectations. Values are illustrative; shapes are Meta's.
 */
export const PAGE_ID = '105932455112233';
export const APP_SECRET = 'app-secret-for-tests-0123456789';
export const VERIFY_TOKEN = 'verify-token-for-tests';
export const PAGE_TOKEN = 'EAAG-page-token-for-tests';

let mids = 0;
const nextMid = () => `m_${Date.now().toString(36)}${(++mids).toString(36)}AbCdEfGhIjKlMnOpQrStUvWxYz`;

export function sign(raw: string | Buffer, secret = APP_SECRET): string {
  return `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`;
}

export function batch(...messaging: object[]): { object: 'page'; entry: object[] } {
  return { object: 'page', entry: [{ id: PAGE_ID, time: Date.now(), messaging }] };
}

/** Several entries in one body, as Meta batches them. */
export function entries(...groups: object[][]): { object: 'page'; entry: object[] } {
  return { object: 'page', entry: groups.map((messaging) => ({ id: PAGE_ID, time: Date.now(), messaging })) };
}

const envelope = (psid: string) => ({ sender: { id: psid }, recipient: { id: PAGE_ID }, timestamp: Date.now() });

export const ev = {
  text: (psid: string, text: string, mid = nextMid()) => ({ ...envelope(psid), message: { mid, text } }),
  quickReply: (psid: string, title: string, payload: string) => ({ ...envelope(psid), message: { mid: nextMid(), text: title, quick_reply: { payload } } }),
  postback: (psid: string, payload: string, title: string, ref?: string) => ({
    ...envelope(psid),
    postback: { mid: nextMid(), title, payload, ...(ref ? { referral: { ref, source: 'SHORTLINK', type: 'OPEN_THREAD' } } : {}) },
  }),
  referral: (psid: string, ref: string) => ({ ...envelope(psid), referral: { ref, source: 'SHORTLINK', type: 'OPEN_THREAD' } }),
  sticker: (psid: string) => ({
    ...envelope(psid),
    message: { mid: nextMid(), attachments: [{ type: 'sticker', payload: { url: 'https://scontent.xx.fbcdn.net/sticker.png', sticker_id: 369239263222822 } }] },
  }),
  attachment: (psid: string, type: string) => ({ ...envelope(psid), message: { mid: nextMid(), attachments: [{ type, payload: { url: 'https://scontent.xx.fbcdn.net/x' } }] } }),
  echo: (psid: string) => ({
    sender: { id: PAGE_ID },
    recipient: { id: psid },
    timestamp: Date.now(),
    message: { is_echo: true, app_id: 1517776481860111, metadata: 'x', mid: nextMid(), text: 'hello, world!' },
  }),
  delivery: (psid: string) => ({ ...envelope(psid), delivery: { mids: [nextMid()], watermark: Date.now() } }),
  read: (psid: string) => ({ ...envelope(psid), read: { watermark: Date.now() } }),
  reaction: (psid: string) => ({ ...envelope(psid), reaction: { reaction: 'love', emoji: '❤', action: 'react', mid: nextMid() } }),
};
