import { Counter, Histogram, Registry, collectDefaultMetrics, Gauge } from 'prom-client';

/**
 * Prometheus metrics. Labels are channels, kinds and codes only: never a user, a topic a person
 * asked about in the support path, or any text.
 */
export interface Metrics {
  registry: Registry;
  turns: Counter<'channel'>;
  replies: Counter<'channel'>;
  errors: Counter<'channel' | 'kind'>;
  turnDuration: Histogram<'channel'>;
  rateLimited: Counter<'channel'>;
  inbox: Gauge<'state'>;
  outbound: Counter<'channel' | 'outcome' | 'code'>;
}

export function createMetrics(opts: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (opts.defaultMetrics) collectDefaultMetrics({ register: registry });
  return {
    registry,
    turns: new Counter({ name: 'bot_turns_total', help: 'Turns processed', labelNames: ['channel'], registers: [registry] }),
    replies: new Counter({ name: 'bot_replies_total', help: 'Activities sent to residents', labelNames: ['channel'], registers: [registry] }),
    errors: new Counter({ name: 'bot_errors_total', help: 'Turns that failed', labelNames: ['channel', 'kind'], registers: [registry] }),
    turnDuration: new Histogram({
      name: 'bot_turn_duration_seconds',
      help: 'Time from a turn starting to its last reply',
      labelNames: ['channel'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    rateLimited: new Counter({ name: 'bot_rate_limited_total', help: 'Messages dropped by the per-user rate limit', labelNames: ['channel'], registers: [registry] }),
    inbox: new Gauge({ name: 'bot_inbox_items', help: 'Inbox items by state', labelNames: ['state'], registers: [registry] }),
    outbound: new Counter({
      name: 'bot_outbound_calls_total',
      help: 'Calls to platform APIs by outcome (ok, retried, failed) and platform error code',
      labelNames: ['channel', 'outcome', 'code'],
      registers: [registry],
    }),
  };
}
