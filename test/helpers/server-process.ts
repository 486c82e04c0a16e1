import { type ChildProcess, spawn } from 'node:child_process';
import { ensureBuilt } from './build';
import { CONTENT_DIR, tempDir, TEST_SECRETS } from './env';
import { freePort } from './redis-server';

/** A real bot server process (dist/src/main.js) on its own port, for multi-process tests. */
export interface ServerProcess {
  port: number;
  url: string;
  child: ChildProcess;
  /** Everything the process wrote so far (its JSON log lines). */
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export async function startServer(env: Record<string, string>, waitMs = 20_000): Promise<ServerProcess> {
  const main = ensureBuilt();
  const port = await freePort();
  const out: string[] = [];
  const child = spawn(process.execPath, [main], {
    env: {
      PATH: process.env.PATH,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: tempDir(),
      CONTENT_DIR,
      LOG_LEVEL: 'info',
      ...TEST_SECRETS,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d: Buffer) => out.push(d.toString()));
  child.stderr!.on('data', (d: Buffer) => out.push(d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL'); // never leave a half-started server behind
      reject(new Error(`server did not start within ${waitMs} ms; output:\n${out.join('')}`));
    }, waitMs);
    const check = () => {
      if (/listening on/.test(out.join(''))) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', check);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`server exited at start; output:\n${out.join('')}`));
    });
  });
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    child,
    output: () => out.join(''),
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode !== null) return child.exitCode;
      child.kill(signal);
      return exited;
    },
  };
}

/**
 * Starts several servers; if one fails, stops the others before rethrowing, so a failed start
 * never leaves a process holding the test run open.
 */
export async function startServers(count: number, env: Record<string, string>): Promise<ServerProcess[]> {
  const results = await Promise.allSettled(Array.from({ length: count }, () => startServer(env)));
  const started = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) {
    await Promise.all(started.map((p) => p.stop('SIGKILL')));
    throw failed.reason;
  }
  return started;
}
