import request from 'supertest';
import { buildRuntime, type Runtime } from '../../src/compose';
import { realContent, silentLogger, testConfig } from '../helpers/env';

describe('HTTP app', () => {
  let rt: Runtime;
  beforeEach(async () => {
    rt = await buildRuntime(testConfig({ BODY_LIMIT_KB: '4' }), silentLogger(), { content: realContent() });
  });
  afterEach(async () => rt.close());

  it('answers /healthz with 200', async () => {
    const res = await request(rt.app).get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('is ready when the stores answer, and 503 with the reason when one does not', async () => {
    const ok = await request(rt.app).get('/readyz');
    expect(ok.status).toBe(200);
    expect(ok.body.checks.map((c: { name: string }) => c.name)).toEqual(['state', 'records', 'inbox']);
    await rt.stores.close(); // the database goes away under a running app
    const down = await request(rt.app).get('/readyz');
    expect(down.status).toBe(503);
    expect(down.body.status).toBe('not ready');
    expect(down.body.checks.every((c: { ok: boolean }) => !c.ok)).toBe(true);
  });

  it('serves Prometheus metrics that count turns and replies', async () => {
    const turn = await request(rt.app)
      .post('/api/messages')
      .send({
        type: 'message',
        id: 'a1',
        text: 'menu',
        channelId: 'emulator',
        serviceUrl: 'http://127.0.0.1:1',
        deliveryMode: 'expectReplies',
        from: { id: 'u1' },
        recipient: { id: 'bot' },
        conversation: { id: 'c1' },
      });
    expect(turn.status).toBe(200);
    const res = await request(rt.app).get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/plain/);
    expect(res.text).toMatch(/bot_turns_total\{channel="emulator"\} 1/);
    expect(res.text).toMatch(/bot_replies_total\{channel="emulator"\} [1-9]/);
    expect(res.text).toContain('bot_turn_duration_seconds_bucket');
  });

  it('talks to the Bot Framework Emulator on /api/messages (replies in the response with expectReplies)', async () => {
    const res = await request(rt.app)
      .post('/api/messages')
      .send({
        type: 'message',
        id: 'a2',
        text: 'chồng không cho vợ đi làm có sao không',
        channelId: 'emulator',
        serviceUrl: 'http://127.0.0.1:1',
        deliveryMode: 'expectReplies',
        from: { id: 'u2' },
        recipient: { id: 'bot' },
        conversation: { id: 'c2' },
      });
    expect(res.status).toBe(200);
    const replies = res.body.activities as Array<{ text?: string }>;
    const title = rt.content.article('vi', 'ge-family-husband-forbids-work')!.title;
    expect(replies.some((a) => a.text?.startsWith(title))).toBe(true);
  });

  it('refuses a body over the limit with 413 and a JSON error', async () => {
    const res = await request(rt.app).post('/api/messages').set('content-type', 'application/json').send(JSON.stringify({ text: 'x'.repeat(10_000) }));
    expect(res.status).toBe(413);
    expect(res.body).toEqual({ error: 'payload_too_large', limitBytes: 4096 });
  });

  it('answers malformed JSON with 400 and a JSON error', async () => {
    const res = await request(rt.app).post('/api/messages').set('content-type', 'application/json').send('{"type": "message", "text": ');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: 'malformed_json' });
  });

  it('answers unknown routes with a JSON 404', async () => {
    const res = await request(rt.app).get('/nope');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: 'not_found' });
  });

  it('sends security headers', async () => {
    const res = await request(rt.app).get('/healthz');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(res.headers['content-security-policy']).toBeDefined();
  });
});
