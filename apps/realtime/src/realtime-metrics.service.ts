import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Everything /metrics shows. One registry per process, so tests starting several apps never collide. */
@Injectable()
export class RealtimeMetrics {
  readonly registry = new Registry();

  readonly connectedSockets = new Gauge({
    name: 'realtime_connected_sockets',
    help: 'Sockets connected to this node',
    registers: [this.registry],
  });
  readonly subscriptions = new Gauge({
    name: 'realtime_build_subscriptions',
    help: 'Build subscriptions held by sockets of this node',
    registers: [this.registry],
  });
  readonly delivered = new Counter({
    name: 'realtime_events_delivered_total',
    help: 'Events emitted to sockets (one per socket reached), by event type and path',
    labelNames: ['type', 'path'] as const,
    registers: [this.registry],
  });
  readonly streamEntries = new Counter({
    name: 'realtime_stream_entries_total',
    help: 'Entries read from stream `events`, by outcome',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  readonly lag = new Histogram({
    name: 'realtime_event_lag_seconds',
    help: "Time from an event's append to stream `events` until this node emitted it to its sockets",
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly replayed = new Counter({
    name: 'realtime_replayed_events_total',
    help: 'Events read for a replay, by the store they came from',
    labelNames: ['source'] as const,
    registers: [this.registry],
  });
  readonly replayGaps = new Counter({
    name: 'realtime_replay_gaps_total',
    help: 'Replays that found seqs missing from both Redis and Postgres (trimmed before being archived)',
    registers: [this.registry],
  });
  readonly stalls = new Counter({
    name: 'realtime_stalled_subscriptions_total',
    help: 'Times a subscription stopped receiving live events because its socket was not draining',
    registers: [this.registry],
  });
  readonly rejections = new Counter({
    name: 'realtime_rejections_total',
    help: 'Refused handshakes and requests, and sockets closed because their API key was revoked, by reason',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'realtime_' });
  }
}
