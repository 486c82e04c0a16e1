import type { EnqueueItem, InboxItem, InboxStore } from '../ports';
import type { SqliteDb } from './database';

interface Row {
  seq: number;
  channel: string;
  lane: string;
  payload: string;
  attempts: number;
}

/** The durable inbox on the embedded SQLite file. */
export class SqliteInboxStore implements InboxStore {
  private readonly q;

  constructor(
    private readonly db: SqliteDb,
    private readonly now: () => number = Date.now,
  ) {
    this.q = {
      dedupe: db.prepare(
        `INSERT INTO claims (key, expires_at) VALUES (@key, @expiresAt)
         ON CONFLICT(key) DO UPDATE SET expires_at = excluded.expires_at WHERE claims.expires_at <= @now`,
      ),
      insert: db.prepare(
        'INSERT INTO inbox (channel, lane, payload, due_at) VALUES (@channel, @lane, @payload, @now)',
      ),
      heads: db.prepare<{ now: number; limit: number }, Row>(
        `SELECT i.seq, i.channel, i.lane, i.payload, i.attempts FROM inbox i
         WHERE i.status = 'queued'
           AND i.seq = (SELECT MIN(j.seq) FROM inbox j WHERE j.status = 'queued' AND j.lane = i.lane)
           AND (i.lease_until IS NULL OR i.lease_until <= @now)
           AND i.due_at <= @now
         ORDER BY i.seq LIMIT @limit`,
      ),
      take: db.prepare(
        'UPDATE inbox SET lease_owner = @worker, lease_until = @until, attempts = attempts + 1 WHERE seq = @seq',
      ),
      complete: db.prepare('DELETE FROM inbox WHERE seq = ?'),
      retry: db.prepare(
        'UPDATE inbox SET lease_owner = NULL, lease_until = NULL, due_at = @due WHERE seq = @seq',
      ),
      dead: db.prepare(
        "UPDATE inbox SET status = 'dead', lease_owner = NULL, lease_until = NULL, expires_at = @expiresAt WHERE seq = @seq",
      ),
      purgeDead: db.prepare("DELETE FROM inbox WHERE status = 'dead' AND expires_at <= ?"),
      stats: db.prepare<{ now: number }, { pending: number; leased: number; dead: number }>(
        `SELECT
           COALESCE(SUM(status = 'queued' AND (lease_until IS NULL OR lease_until <= @now)), 0) AS pending,
           COALESCE(SUM(status = 'queued' AND lease_until > @now), 0) AS leased,
           COALESCE(SUM(status = 'dead'), 0) AS dead
         FROM inbox`,
      ),
    };
  }

  async enqueue(items: EnqueueItem[], dedupeTtlMs: number): Promise<{ accepted: number; duplicates: number }> {
    const now = this.now();
    return this.db
      .transaction(() => {
        let accepted = 0;
        let duplicates = 0;
        for (const item of items) {
          const fresh = this.q.dedupe.run({ key: `inbox:${item.channel}:${item.eventKey}`, expiresAt: now + dedupeTtlMs, now }).changes === 1;
          if (!fresh) {
            duplicates++;
            continue;
          }
          this.q.insert.run({ channel: item.channel, lane: item.lane, payload: item.payload, now });
          accepted++;
        }
        return { accepted, duplicates };
      })
      .immediate();
  }

  async lease(worker: string, leaseMs: number, limit: number): Promise<InboxItem[]> {
    const now = this.now();
    return this.db
      .transaction(() => {
        const rows = this.q.heads.all({ now, limit });
        for (const r of rows) this.q.take.run({ worker, until: now + leaseMs, seq: r.seq });
        return rows.map((r) => ({
          seq: String(r.seq), channel: r.channel, lane: r.lane, payload: r.payload, attempts: r.attempts + 1,
        }));
      })
      .immediate();
  }

  async complete(seq: string): Promise<void> {
    this.q.complete.run(Number(seq));
  }

  async retryLater(seq: string, _worker: string, delayMs: number): Promise<void> {
    this.q.retry.run({ seq: Number(seq), due: this.now() + delayMs });
  }

  async deadLetter(seq: string, _worker: string, expiresAt: Date): Promise<void> {
    this.q.dead.run({ seq: Number(seq), expiresAt: expiresAt.getTime() });
  }

  /** Deletes dead letters past their retention. */
  purgeDead(): number {
    return this.q.purgeDead.run(this.now()).changes;
  }

  async stats(): Promise<{ pending: number; leased: number; dead: number }> {
    return this.q.stats.get({ now: this.now() })!;
  }

  async ping(): Promise<void> {
    this.db.prepare('SELECT 1').get();
  }

  async close(): Promise<void> {}
}
