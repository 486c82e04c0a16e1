import { ConfigError, loadConfig, type Config } from '../config';
import { ContentError } from '../content/errors';
import { loadContent } from '../content/load';
import type { Content } from '../content/types';
import { Cipher, Pseudonymizer } from '../privacy/crypto';
import { resolveSecrets } from '../privacy/secrets';
import { createStores } from '../stores';
import type { Stores } from '../stores/ports';

/** The configuration and content a command-line tool runs with, or the one line that says why not. */
export type Setup = { ok: true; cfg: Config; content: Content } | { ok: false; message: string };

/** Reads the environment and content/ exactly as the server does; a bad setting or file becomes one line. */
export function readSetup(env: NodeJS.ProcessEnv = process.env): Setup {
  try {
    const cfg = loadConfig(env);
    return { ok: true, cfg, content: loadContent(cfg.contentDir) };
  } catch (err) {
    if (err instanceof ConfigError || err instanceof ContentError) return { ok: false, message: err.message };
    throw err;
  }
}

/** The stores the running bot uses (same backends, same secrets), for tools that read or write them. */
export async function openStores(cfg: Config): Promise<{ stores: Stores; pseudonyms: Pseudonymizer; cipher: Cipher }> {
  const secrets = resolveSecrets(cfg);
  const pseudonyms = new Pseudonymizer(secrets.pseudonymSecret);
  const cipher = new Cipher(secrets.dataEncryptionKey);
  return { stores: await createStores(cfg, { pseudonyms, cipher }), pseudonyms, cipher };
}
