import { parseMessagingEvent, type TurnEvent } from '../../../src/channels/messenger/events';
import { eventToActivity, payloadToRef, refToPayload } from '../../../src/channels/messenger/mapper';

/** `messaging[]` elements exactly as in Meta's reference pages (channels.md B2). */
const fixtures = {
  text: {
    sender: { id: '6942483291827361' },
    recipient: { id: '105932455112233' },
    timestamp: 1458692752478,
    message: { mid: 'mid.1457764197618:41d102a3e1ae206a38', text: 'hello, world!', quick_reply: { payload: 'LEARN' } },
  },
  image: {
    sender: { id: '6942483291827361' },
    recipient: { id: '105932455112233' },
    timestamp: 1518479195308,
    message: { mid: 'mid.$cAAJdkrCd2ORnva8ErFhjGm0X_Q_c', attachments: [{ type: 'image', payload: { url: 'https://x.invalid/a.jpg' } }] },
  },
  oldSticker: {
    sender: { id: '6942483291827361' },
    recipient: { id: '105932455112233' },
    timestamp: 1518479195308,
    message: { mid: 'mid.$s1', sticker_id: 369239263222822, attachments: [{ type: 'image', payload: { url: 'https://x.invalid/s.png', sticker_id: 369239263222822 } }] },
  },
  postback: {
    sender: { id: '6942483291827361' },
    recipient: { id: '105932455112233' },
    timestamp: '1458692752478',
    postback: { mid: 'm_MESSAGE-ID', title: 'Get Started', payload: 'GET_STARTED', referral: { ref: 'TOPIC=dv-help', source: 'SHORTLINK', type: 'OPEN_THREAD' } },
  },
  referral: {
    sender: { id: '6942483291827361' },
    recipient: { id: '105932455112233' },
    timestamp: 1458692752478,
    referral: { ref: 'QUIZ', source: 'SHORTLINK', type: 'OPEN_THREAD' },
  },
  echo: {
    sender: { id: '105932455112233' },
    recipient: { id: '6942483291827361' },
    timestamp: 1457764197627,
    message: { is_echo: true, app_id: 1517776481860111, metadata: 'x', mid: 'mid.1457764197618:41d102a3e1ae206a38', text: 'hello, world!' },
  },
  delivery: { sender: { id: '6942483291827361' }, recipient: { id: '105932455112233' }, delivery: { mids: ['mid.1458668856218:ed81099e15d3f4f233'], watermark: 1458668856253 } },
  read: { sender: { id: '6942483291827361' }, recipient: { id: '105932455112233' }, timestamp: 1458668856463, read: { watermark: 1458668856253 } },
};

const KINDS = new Set(['GET_STARTED', 'MENU', 'LEARN', 'QUIZ', 'SUPPORT', 'TOPIC', 'GROUP', 'ARTICLE', 'LANG']);

describe('Messenger events at the edge', () => {
  it('reads a tapped quick reply as its payload, keeping ids as strings', () => {
    const e = parseMessagingEvent(fixtures.text);
    expect(e).toEqual({
      kind: 'quick_reply',
      psid: '6942483291827361',
      pageId: '105932455112233',
      timestamp: 1458692752478,
      eventId: 'mid.1457764197618:41d102a3e1ae206a38',
      payload: 'LEARN',
      text: 'hello, world!',
    });
  });

  it('reads photos and stickers (both the old image+sticker_id form and the new sticker type) as attachments', () => {
    expect(parseMessagingEvent(fixtures.image)).toMatchObject({ kind: 'attachments', types: ['image'] });
    expect(parseMessagingEvent(fixtures.oldSticker)).toMatchObject({ kind: 'attachments', types: ['sticker'] });
    const newer = { ...fixtures.image, message: { mid: 'm2', attachments: [{ type: 'sticker', payload: { url: 'u', sticker_id: 1 } }] } };
    expect(parseMessagingEvent(newer)).toMatchObject({ kind: 'attachments', types: ['sticker'] });
    const reel = { ...fixtures.image, message: { mid: 'm3', attachments: [{ type: 'ig_reel', payload: {} }] } };
    expect(parseMessagingEvent(reel)).toMatchObject({ kind: 'attachments', types: ['other'] });
  });

  it('reads a postback with a string timestamp and the referral of a new thread', () => {
    expect(parseMessagingEvent(fixtures.postback)).toMatchObject({ kind: 'postback', payload: 'GET_STARTED', ref: 'TOPIC=dv-help', timestamp: 1458692752478, eventId: 'm_MESSAGE-ID' });
  });

  it('gives a referral (which has no message id) a stable id, so a redelivery is recognised', () => {
    const a = parseMessagingEvent(fixtures.referral);
    const b = parseMessagingEvent(JSON.parse(JSON.stringify(fixtures.referral)));
    expect(a).toMatchObject({ kind: 'referral', ref: 'QUIZ' });
    expect((a as TurnEvent).eventId).toBe((b as TurnEvent).eventId);
  });

  it('marks echoes, deliveries and reads as events to ignore, and names unknown ones by type only', () => {
    expect(parseMessagingEvent(fixtures.echo)).toEqual({ kind: 'echo' });
    expect(parseMessagingEvent(fixtures.delivery)).toEqual({ kind: 'delivery' });
    expect(parseMessagingEvent(fixtures.read)).toEqual({ kind: 'read' });
    expect(parseMessagingEvent({ ...fixtures.read, read: undefined, reaction: { reaction: 'love', mid: 'm' } })).toEqual({ kind: 'unknown', type: 'reaction' });
    expect(parseMessagingEvent({ sender: { id: 42 }, message: { text: 'x' } })).toEqual({ kind: 'unknown', type: 'message' });
    expect(parseMessagingEvent('garbage')).toEqual({ kind: 'unknown', type: 'malformed' });
  });
});

describe('Messenger events as Activities', () => {
  const activity = (raw: unknown) => eventToActivity(parseMessagingEvent(raw) as TurnEvent, KINDS);

  it('is a message from the resident in a one-to-one conversation with the page', () => {
    const a = activity({ ...fixtures.text, message: { mid: 'm1', text: 'chồng không cho vợ đi làm' } });
    expect(a).toMatchObject({
      type: 'message',
      channelId: 'messenger',
      text: 'chồng không cho vợ đi làm',
      conversation: { id: '6942483291827361', isGroup: false },
      from: { id: '6942483291827361' },
      recipient: { id: '105932455112233' },
    });
    expect(JSON.stringify(a.channelData)).not.toContain('chồng');
  });

  it('turns quick replies, postbacks and Get Started into the payloads the router knows', () => {
    expect(activity(fixtures.text).text).toBe('LEARN');
    expect(activity({ ...fixtures.postback, postback: { mid: 'p', title: 'Xem', payload: 'TOPIC:dv-basics' } }).text).toBe('TOPIC:dv-basics');
    expect(activity({ ...fixtures.postback, postback: { mid: 'p2', title: 'Get Started', payload: 'GET_STARTED' } }).text).toBe('GET_STARTED');
  });

  it("opens a poster's m.me link at its topic or the quiz, and any other ref at the menu", () => {
    expect(activity(fixtures.postback).text).toBe('TOPIC:dv-help');
    expect(activity(fixtures.referral).text).toBe('QUIZ');
    expect(activity({ ...fixtures.referral, referral: { ref: 'poster_hiephoa_01' } }).text).toBe('GET_STARTED');
    expect(activity({ ...fixtures.referral, referral: { ref: 'DELETE_EVERYTHING' } }).text).toBe('GET_STARTED');
  });

  it('gives media without words as a message with attachments and no text', () => {
    const a = activity(fixtures.oldSticker);
    expect(a.text).toBeUndefined();
    expect(a.attachments).toEqual([{ contentType: 'messenger/sticker' }]);
  });
});

describe('m.me refs', () => {
  it('map to payloads and back, with = standing for : (Meta allows letters, digits, -, _ and = only)', () => {
    expect(refToPayload('TOPIC=dv-help', KINDS)).toBe('TOPIC:dv-help');
    expect(refToPayload('topic=dv-help', KINDS)).toBe('TOPIC:dv-help');
    expect(refToPayload('TOPIC:dv-help', KINDS)).toBe('TOPIC:dv-help');
    expect(refToPayload('ARTICLE=dv-help-where-to-report=1', KINDS)).toBe('ARTICLE:dv-help-where-to-report:1');
    expect(refToPayload('quiz', KINDS)).toBe('QUIZ');
    expect(refToPayload('TOPIC=bad id', KINDS)).toBeUndefined();
    expect(refToPayload('', KINDS)).toBeUndefined();
    expect(payloadToRef('TOPIC:dv-help')).toBe('TOPIC=dv-help');
    expect(payloadToRef('TOPIC:dv-help')).toMatch(/^[A-Za-z0-9_=-]+$/);
  });
});
