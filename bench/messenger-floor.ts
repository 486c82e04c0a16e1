import { createHmac, timingSafeEqual } from 'node:crypto';
import express from 'express';

/**
 * The floor for bench/messenger.ts: the least a Messenger webhook can do. It verifies the
 * signature, answers 200, and posts one fixed reply to the Send API per text message. No inbox,
 * no bot, no state. Started as its own process, like the bot, and prints `{"port":N}`.
 */
function main(): void {
  const secret = process.env.MESSENGER_APP_SECRET ?? '';
  const base = process.env.MESSENGER_API_BASE ?? '';
  const token = process.env.MESSENGER_PAGE_ACCESS_TOKEN ?? '';
  const app = express();
  app.use(express.json({ verify: (req, _res, buf) => ((req as unknown as { rawBody: Buffer }).rawBody = Buffer.from(buf)) }));
  app.post('/webhooks/messenger', (req, res) => {
    const raw = (req as unknown as { rawBody?: Buffer }).rawBody;
    const given = /^sha256=([0-9a-f]{64})$/.exec(req.get('x-hub-signature-256') ?? '')?.[1];
    if (!raw || !given || !timingSafeEqual(createHmac('sha256', secret).update(raw).digest(), Buffer.from(given, 'hex'))) {
      res.sendStatus(401);
      return;
    }
    res.sendStatus(200);
    const body = req.body as { entry?: Array<{ messaging?: Array<{ sender?: { id?: string }; message?: { text?: string } }> }> };
    for (const entry of body.entry ?? []) {
      for (const m of entry.messaging ?? []) {
        if (!m.sender?.id || !m.message?.text) continue;
        void fetch(`${base}/me/messages?access_token=${encodeURIComponent(token)}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ recipient: { id: m.sender.id }, messaging_type: 'RESPONSE', message: { text: 'Cảm ơn bạn đã nhắn tin.' } }),
        }).catch(() => undefined);
      }
    }
  });
  const server = app.listen(0, '127.0.0.1', () => {
    const addr = server.address();
    process.stdout.write(`${JSON.stringify({ port: typeof addr === 'object' && addr ? addr.port : 0 })}\n`);
  });
}

main();
