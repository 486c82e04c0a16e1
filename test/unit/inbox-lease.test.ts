import { Inbox } from '../../src/bot/inbox';
import { createMetrics } from '../../src/metrics';
import { Cipher, Pseudonymizer } from '../../src/privacy/crypto';
import { createSqliteStores } from '../../src/stores/sqlite';
import { silentLogger, tempDir, TEST_SECRETS } from '../helpers/env';

describe('the durable inbox, with a turn that outlasts its lease', () => {
  it('does not start the same event a second time while its first run is still going', async () => {
    const stores = createSqliteStores(tempDir(), { stateTtlMs: 60_000 });
    const inbox = new Inbox(
      stores.inbox,
      new Pseudonymizer(TEST_SECRETS.PSEUDONYM_SECRET),
      new Cipher(Buffer.from(TEST_SECRETS.DATA_ENCRYPTION_KEY, 'hex')),
      silentLogger(),
      createMetrics(),
      { leaseMs: 40, concurrency: 4, maxAttempts: 3, pollMs: 10, dedupeTtlMs: 60_000, deadLetterRetentionMs: 60_000 },
    );
    const runs: number[] = [];
    // A slow platform API: the turn takes several lease lengths.
    inbox.register('test', async (_e, meta) => {
      runs.push(meta.attempt);
      await new Promise((r) => setTimeout(r, 300));
    });
    inbox.start();
    await inbox.accept('test', [{ eventId: 'slow-1', userId: 'u', event: {} }]);
    await inbox.drained();
    await inbox.stop();
    await stores.close();
    expect(runs).toEqual([1]);
  });
});
