import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { ensureBuilt } from '../helpers/build';
import { CONTENT_DIR, tempDir, TEST_SECRETS } from '../helpers/env';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

function waitFor(child: ChildProcess, out: string[], pattern: RegExp, ms = 15_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${pattern}; output:\n${out.join('')}`)), ms);
    const check = () => {
      if (pattern.test(out.join(''))) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', check);
    child.stderr!.on('data', check);
    check();
  });
}

describe('the server process', () => {
  let main: string;
  beforeAll(() => {
    main = ensureBuilt();
  }, 120_000);

  it('starts embedded with nothing configured, says what it uses, and stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    const out: string[] = [];
    const child = spawn(process.execPath, [main], {
      env: { PATH: process.env.PATH, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: tempDir(), CONTENT_DIR },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d: Buffer) => out.push(d.toString()));
    child.stderr!.on('data', (d: Buffer) => out.push(d.toString()));
    await waitFor(child, out, /listening on/);
    const log = out.join('');
    expect(log).toContain('"mode":"embedded"');
    expect(log).toMatch(/development secrets/);
    expect(log).toContain('binhdang.db');
    expect(log).toContain('"channelsOff":["messenger');
    const res = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(res.status).toBe(200);
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(out.join('')).toContain('"msg":"stopped"');
  }, 30_000);

  it('refuses to start on a bad setting, with one line naming the variable', async () => {
    const out: string[] = [];
    const child = spawn(process.execPath, [main], {
      env: { PATH: process.env.PATH, PORT: 'eighty', DATA_DIR: tempDir(), CONTENT_DIR, ...TEST_SECRETS },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stderr!.on('data', (d: Buffer) => out.push(d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(out.join('').trim()).toMatch(/^configuration error: PORT: [^\n]+$/);
  }, 30_000);
});
