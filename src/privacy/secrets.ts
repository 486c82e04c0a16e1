import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config';

export interface Secrets {
  pseudonymSecret: string;
  dataEncryptionKey: Buffer;
  /** True when at least one secret was generated for development rather than configured. */
  development: boolean;
}

const DEV_FILE = 'dev-secrets.json';

/**
 * Configured secrets win. Without them (a laptop, `npm start` on a fresh clone) the bot creates
 * development secrets once and keeps them beside the database, so a restart can still read its
 * own state. Keeping a key next to the data it protects defeats encryption at rest, which is why
 * production refuses to start without real secrets (see config.ts) and the log says so loudly.
 */
export function resolveSecrets(cfg: Config): Secrets {
  if (cfg.pseudonymSecret && cfg.dataEncryptionKey) {
    return { pseudonymSecret: cfg.pseudonymSecret, dataEncryptionKey: cfg.dataEncryptionKey, development: false };
  }
  fs.mkdirSync(cfg.dataDir, { recursive: true });
  const file = path.join(cfg.dataDir, DEV_FILE);
  let stored: { pseudonymSecret?: string; dataEncryptionKey?: string } = {};
  if (fs.existsSync(file)) stored = JSON.parse(fs.readFileSync(file, 'utf8')) as typeof stored;
  const generated = {
    pseudonymSecret: stored.pseudonymSecret ?? randomBytes(32).toString('base64url'),
    dataEncryptionKey: stored.dataEncryptionKey ?? randomBytes(32).toString('base64'),
  };
  if (!stored.pseudonymSecret || !stored.dataEncryptionKey) {
    fs.writeFileSync(file, JSON.stringify(generated, null, 2) + '\n', { mode: 0o600 });
  }
  return {
    pseudonymSecret: cfg.pseudonymSecret ?? generated.pseudonymSecret,
    dataEncryptionKey: cfg.dataEncryptionKey ?? Buffer.from(generated.dataEncryptionKey, 'base64'),
    development: true,
  };
}
