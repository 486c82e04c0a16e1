import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { loadConfig, type Config } from '../../src/config';
import { loadContent } from '../../src/content/load';
import type { Content } from '../../src/content/types';
import { createLogger, type Logger } from '../../src/logger';

export const ROOT = path.resolve(__dirname, '../..');
export const CONTENT_DIR = path.join(ROOT, 'content');

/** A fresh directory under the OS temp dir, removed by the OS, not shared between tests. */
export function tempDir(prefix = 'bd-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export const TEST_SECRETS = {
  PSEUDONYM_SECRET: 'test-pseudonym-secret-0123456789',
  DATA_ENCRYPTION_KEY: '0f'.repeat(32),
};

export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({ DATA_DIR: tempDir(), CONTENT_DIR, LOG_LEVEL: 'silent', NODE_ENV: 'test', ...TEST_SECRETS, ...env });
}

let cached: Content | undefined;
/** The real content folder, loaded once per test file. */
export function realContent(): Content {
  cached ??= loadContent(CONTENT_DIR);
  return cached;
}

/** A logger whose output is kept in memory, to prove what never reaches it. */
export function captureLogger(level = 'trace'): { logger: Logger; output: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      chunks.push(chunk.toString('utf8'));
      cb();
    },
  });
  return { logger: createLogger(level, stream), output: () => chunks.join('') };
}

export const silentLogger = (): Logger => createLogger('silent');
