import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from './env';

/**
 * Compiles the project to dist/ once per test run, for tests that start real server processes
 * (a crash and restart, several processes on one store). Jest workers run in parallel, so a lock
 * file keeps two compilers from writing dist/ at the same time; tsc is incremental, so a build
 * with nothing changed takes a couple of seconds.
 */
export function ensureBuilt(): string {
  const lock = path.join(os.tmpdir(), `bd-build-${Buffer.from(ROOT).toString('hex').slice(-24)}.lock`);
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      const fd = fs.openSync(lock, 'wx');
      fs.closeSync(fd);
      break;
    } catch {
      // Another worker is building; a stale lock (a killed run) is older than two minutes.
      try {
        if (Date.now() - fs.statSync(lock).mtimeMs > 120_000) fs.rmSync(lock, { force: true });
      } catch {
        /* the other worker just finished */
      }
      if (Date.now() > deadline) throw new Error('timed out waiting for another build');
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    }
  }
  try {
    execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'pipe' });
  } finally {
    fs.rmSync(lock, { force: true });
  }
  return path.join(ROOT, 'dist', 'src', 'main.js');
}
