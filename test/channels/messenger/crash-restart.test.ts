import { type ChildProcess, spawn } from 'node:child_process';
import { ensureBuilt } from '../../helpers/build';
import { CONTENT_DIR, realContent, tempDir, TEST_SECRETS } from '../../helpers/env';
import { APP_SECRET, batch, ev, PAGE_TOKEN, sign, VERIFY_TOKEN } from './events';
import { FakeGraph } from './fake-graph';
import { said, WEBHOOK } from './harness';

const vi = realContent().locales.vi as Record<string, Record<string, string>>;

/** `node dist/src/main.js` as an operator runs it; resolves with the port it listens on. */
function startServer(main: string, env: Record<string, string>): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, [main], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${err || out}`)), 20_000);
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /"port":(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, port: Number(m[1]) });
      }
    });
    child.once('exit', (code) => reject(new Error(`server exited (${code}): ${err || out}`)));
  });
}

const exited = (child: ChildProcess) => new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));

describe('Messenger: a crash after the webhook answered', () => {
  let fake: FakeGraph;
  const children: ChildProcess[] = [];
  beforeAll(async () => {
    fake = await FakeGraph.start();
  });
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await Promise.all(children.map(exited));
    await fake.close();
  });

  it('answers the message once after a restart: what was delivered is not sent again, what was not is', async () => {
    const main = ensureBuilt();
    const env = {
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'info',
      DATA_DIR: tempDir(),
      CONTENT_DIR,
      ...TEST_SECRETS,
      MESSENGER_APP_SECRET: APP_SECRET,
      MESSENGER_VERIFY_TOKEN: VERIFY_TOKEN,
      MESSENGER_PAGE_ACCESS_TOKEN: PAGE_TOKEN,
      MESSENGER_API_BASE: fake.url,
      // A crashed process's events are taken again one second after their lease began.
      INBOX_LEASE_SECONDS: '1',
    };
    // The welcome is delivered; the menu after it is held by the API when the process dies.
    let sends = 0;
    fake.respond((r) => (r.path.endsWith('/me/messages') && r.body.message && ++sends === 2 ? { hold: true } : undefined));

    const first = await startServer(main, env);
    children.push(first.child);
    const raw = JSON.stringify(batch(ev.text('psid-crash', 'menu', 'mid.crash-1')));
    const res = await fetch(`http://127.0.0.1:${first.port}${WEBHOOK}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': sign(raw) },
      body: raw,
    });
    expect(res.status).toBe(200);
    await fake.waitFor(() => fake.messages().length === 2, 10_000, 'the held reply');
    first.child.kill('SIGKILL');
    await exited(first.child);
    expect(said(fake, 'psid-crash')).toHaveLength(1);

    fake.respond(() => undefined);
    const second = await startServer(main, env);
    children.push(second.child);
    await fake.waitFor(() => fake.delivered().length === 2, 15_000, 'the reply after the restart');
    // Meta redelivers what it thinks was not acknowledged; the restarted bot must not answer twice.
    const again = await fetch(`http://127.0.0.1:${second.port}${WEBHOOK}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': sign(raw) },
      body: raw,
    });
    expect(again.status).toBe(200);
    await new Promise((r) => setTimeout(r, 1500));

    const out = said(fake, 'psid-crash');
    expect(out).toHaveLength(2);
    expect(out[0]).toContain(vi.menu!.welcome!.slice(0, 20));
    expect(out[1]).toContain(vi.menu!.prompt);
    // Three calls in all: welcome, the menu that died with the first process, the menu again.
    expect(fake.messages()).toHaveLength(3);

    second.child.kill('SIGTERM');
    await exited(second.child);
    expect(second.child.exitCode).toBe(0);
  }, 90_000);
});
