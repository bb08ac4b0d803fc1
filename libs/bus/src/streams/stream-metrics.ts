import { Counter, Histogram, register } from 'prom-client';

function metric<T>(name: string, create: () => T): T {
  return (register.getSingleMetric(name) as T | undefined) ?? create();
}

export const streamMetrics = {
  entries: metric(
    'awq_stream_entries_total',
    () =>
      new Counter({
        name: 'awq_stream_entries_total',
        help: 'Stream entries acknowledged by a consumer group, by outcome (processed, dead_letter, deleted)',
        labelNames: ['stream', 'outcome'],
      }),
  ),
  claimed: metric(
    'awq_stream_claimed_total',
    () =>
      new Counter({
        name: 'awq_stream_claimed_total',
        help: 'Entries taken over from consumers presumed dead',
        labelNames: ['stream'],
      }),
  ),
  batches: metric(
    'awq_stream_batches_total',
    () =>
      new Counter({
        name: 'awq_stream_batches_total',
        help: 'Batches handled, by outcome (ok, failed)',
        labelNames: ['stream', 'outcome'],
      }),
  ),
  batchSeconds: metric(
    'awq_stream_batch_seconds',
    () =>
      new Histogram({
        name: 'awq_stream_batch_seconds',
        help: 'Time to handle and acknowledge one batch',
        labelNames: ['stream'],
        buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      }),
  ),
};
