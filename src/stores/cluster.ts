import type { Config } from '../config';
import { ConfigError } from '../config';
import type { Stores } from './ports';

/**
 * Cluster mode (Redis for state, claims, locks and the inbox; MongoDB for records).
 * Not built yet: see the cluster-mode issue. Refusing to start is better than silently running
 * one process on a local file when the operator asked for shared stores.
 */
export async function createClusterStores(cfg: Config): Promise<Stores> {
  throw new ConfigError(
    `${cfg.redisUrl ? 'REDIS_URL' : 'MONGODB_URI'}: cluster stores are not available in this version; unset it to run embedded`,
  );
}
