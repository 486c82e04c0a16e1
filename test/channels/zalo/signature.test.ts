import { verifyZaloSignature, zaloSignature } from '../../../src/channels/zalo';
import { bodyTimestamp, eventIdOf, parseZaloEvent } from '../../../src/channels/zalo/events';
import { parseJsonLossless } from '../../../src/channels/zalo/json';

// The test vector of shared/reference/channels.md §A1.
const APP_ID = '360846524940903967';
const BODY =
  '{"app_id":"360846524940903967","sender":{"id":"246845883529197922"},"recipient":{"id":"388613280878808645"},"event_name":"user_send_text","message":{"text":"Xin chào","msg_id":"96d3cdf3af150460909"},"timestamp":"1700000000000"}';
const EXPECTED = 'mac=26c80889957ece1e0b9ac245137a577f21cefc11834d160980244bef012802ae';

describe('Zalo event signature', () => {
  it('matches the reference test vector (SHA-256 of app id + raw bytes + body timestamp + OA secret key)', () => {
    const raw = Buffer.from(BODY, 'utf8');
    expect(raw.length).toBe(228);
    expect(zaloSignature(APP_ID, raw, '1700000000000', 'OA_SECRET_TEST')).toBe(EXPECTED);
    expect(verifyZaloSignature(EXPECTED, APP_ID, raw, '1700000000000', 'OA_SECRET_TEST')).toBe(true);
    expect(verifyZaloSignature(EXPECTED.slice(4), APP_ID, raw, '1700000000000', 'OA_SECRET_TEST')).toBe(true);
  });

  it('fails on anything else: another key, the app secret, a header timestamp, re-serialised JSON, HMAC', () => {
    const raw = Buffer.from(BODY, 'utf8');
    expect(verifyZaloSignature(EXPECTED, APP_ID, raw, '1700000000000', 'APP_SECRET')).toBe(false);
    expect(verifyZaloSignature(EXPECTED, APP_ID, raw, '1700000000001', 'OA_SECRET_TEST')).toBe(false);
    // Re-serialising escapes "chào" differently (or reorders keys): the bytes are what was signed.
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(BODY)).replace('chào', 'ch\\u00e0o'), 'utf8');
    expect(verifyZaloSignature(EXPECTED, APP_ID, reserialised, '1700000000000', 'OA_SECRET_TEST')).toBe(false);
    expect(verifyZaloSignature(undefined, APP_ID, raw, '1700000000000', 'OA_SECRET_TEST')).toBe(false);
    expect(verifyZaloSignature('mac=', APP_ID, raw, '1700000000000', 'OA_SECRET_TEST')).toBe(false);
  });
});

describe('Zalo event parsing', () => {
  it('keeps ids beyond 2^53 exact, as strings, where JSON.parse rounds them', () => {
    const raw = '{"event_name":"follow","follower":{"id":9876543210987654321},"timestamp":1700000000000}';
    expect(String((JSON.parse(raw) as { follower: { id: number } }).follower.id)).not.toBe('9876543210987654321');
    const body = parseJsonLossless(raw); // express.json gives the rounded number in req.body
    expect(bodyTimestamp(body)).toBe('1700000000000');
    expect(parseZaloEvent(body)).toEqual({ ok: true, event: { kind: 'follow', userId: '9876543210987654321', timestamp: 1700000000000 } });
  });

  it('refuses duplicate keys (two texts, one signature)', () => {
    expect(() => parseJsonLossless('{"a":1,"a":2}')).toThrow();
  });

  it('reads the reference payloads into the union', () => {
    const text = parseZaloEvent(parseJsonLossless(BODY));
    expect(text).toEqual({ ok: true, event: { kind: 'text', userId: '246845883529197922', msgId: '96d3cdf3af150460909', text: 'Xin chào', timestamp: 1700000000000 } });
    const image = parseZaloEvent({ event_name: 'user_send_image', sender: { id: 'U' }, recipient: { id: 'OA' }, message: { msg_id: 'i1', text: 'chồng tôi đánh', attachments: [{ type: 'image', payload: { url: 'https://x' } }] }, timestamp: '1' });
    expect(image).toEqual({ ok: true, event: { kind: 'media', userId: 'U', msgId: 'i1', media: 'image', caption: 'chồng tôi đánh', timestamp: 1 } });
    const location = parseZaloEvent({ event_name: 'user_send_location', sender: { id: 'U' }, message: { msg_id: 'l1', text: 'Chợ Hiệp Hòa' }, timestamp: '1' });
    expect(location).toMatchObject({ ok: true, event: { kind: 'media', media: 'location', caption: undefined } });
    expect(parseZaloEvent({ event_name: 'user_click_chatnow', oa_id: 'OA', user_id: 'U', timestamp: '2' })).toEqual({ ok: true, event: { kind: 'chatnow', userId: 'U', timestamp: 2 } });
    expect(parseZaloEvent({ event_name: 'oa_send_text', sender: { id: 'OA' }, timestamp: '3' })).toEqual({ ok: true, event: { kind: 'ignored', name: 'oa_send_text', timestamp: 3 } });
    expect(parseZaloEvent({ event_name: 'user_seen_message', message: { msg_ids: ['a'] }, timestamp: '3' })).toMatchObject({ ok: true, event: { kind: 'ignored' } });
    expect(parseZaloEvent({ event_name: 'user_reacted_message', timestamp: '3' })).toMatchObject({ ok: true, event: { kind: 'unknown', name: 'user_reacted_message' } });
  });

  it('calls a known event with the wrong shape malformed, naming the field only', () => {
    expect(parseZaloEvent({ event_name: 'user_send_text', sender: { id: 'U' }, message: { msg_id: 'x' }, timestamp: '1' })).toEqual({ ok: false, reason: 'message.text: invalid_type' });
    expect(parseZaloEvent({ event_name: 'user_click_chatnow', timestamp: '1' })).toMatchObject({ ok: false });
    expect(parseZaloEvent([1, 2])).toMatchObject({ ok: false });
  });

  it('gives redeliveries the same id: msg_id, or kind + user + signed timestamp', () => {
    expect(eventIdOf({ kind: 'text', userId: 'U', msgId: 'M', text: 'x', timestamp: 1 })).toBe('msg:M');
    expect(eventIdOf({ kind: 'follow', userId: 'U', timestamp: 5 })).toBe('follow:U:5');
  });
});
