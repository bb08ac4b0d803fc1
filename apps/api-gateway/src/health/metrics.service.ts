import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/** The gateway's Prometheus registry: HTTP traffic by route and status, and the reservation path. */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  readonly requests = new Counter({
    name: 'gateway_http_requests_total',
    help: 'HTTP requests answered, by route template and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });

  readonly latency = new Histogram({
    name: 'gateway_http_request_duration_seconds',
    help: 'Time from request to response, by route template and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  readonly reservations = new Counter({
    name: 'gateway_reservations_total',
    help: 'Build holds requested, by outcome (reserved, insufficient_credits)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  readonly reservedMicro = new Counter({
    name: 'gateway_reserved_micro_total',
    help: 'Micro-credits moved into build holds',
    registers: [this.registry],
  });

  readonly idempotency = new Counter({
    name: 'gateway_idempotency_total',
    help: 'Idempotency-Key outcomes (claimed, replayed, conflict, in_progress)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  readonly rateLimited = new Counter({
    name: 'gateway_rate_limited_total',
    help: 'Requests refused with 429',
    registers: [this.registry],
  });

  readonly afterCommitFailures = new Counter({
    name: 'gateway_after_commit_failures_total',
    help: 'Flow adds and event publishes that failed after a build was committed (the sweeper re-adds flows), and revoke notices not published',
    labelNames: ['step'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'gateway_' });
  }
}
