import { Counter, Histogram } from 'prom-client';

/** Billing's own figures on /metrics, beside the stream and job metrics of libs/bus. */
export const billingMetrics = {
  usageEvents: new Counter({
    name: 'awq_billing_usage_events_total',
    help: 'Usage events by outcome: billed (first time), duplicate (already billed), dead_letter',
    labelNames: ['outcome'],
  }),
  capturedMicro: new Counter({
    name: 'awq_billing_captured_micro_total',
    help: 'Micro-credits captured from holds',
  }),
  shortfallMicro: new Counter({
    name: 'awq_billing_shortfall_micro_total',
    help: 'Usage micro-credits no hold or wallet could cover',
  }),
  afterSettleMicro: new Counter({
    name: 'awq_billing_after_settle_micro_total',
    help: 'Usage micro-credits that arrived after their build settled: recorded, not charged',
  }),
  settles: new Counter({
    name: 'awq_billing_settles_total',
    help: 'Builds settled, by final status',
    labelNames: ['status'],
  }),
  settleWaitSeconds: new Histogram({
    name: 'awq_billing_settle_wait_seconds',
    help: 'Time settle waited for the build’s reported usage to be captured',
    buckets: [0, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  }),
  sweeps: new Counter({ name: 'awq_billing_sweeps_total', help: 'Sweeper actions', labelNames: ['action'] }),
};
