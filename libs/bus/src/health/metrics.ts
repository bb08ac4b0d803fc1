import { collectDefaultMetrics, Counter, Gauge, Histogram, register } from 'prom-client';

let defaultsCollected = false;

/** Process metrics (RSS, heap, event-loop lag) once per process, on the default registry. */
export function collectProcessMetrics(service: string): void {
  if (defaultsCollected) return;
  defaultsCollected = true;
  register.setDefaultLabels({ service });
  collectDefaultMetrics();
}

function metric<T>(name: string, create: () => T): T {
  return (register.getSingleMetric(name) as T | undefined) ?? create();
}

export const jobMetrics = {
  finished: metric(
    'awq_jobs_finished_total',
    () =>
      new Counter({
        name: 'awq_jobs_finished_total',
        help: 'Jobs finished, by queue and outcome',
        labelNames: ['queue', 'outcome'],
      }),
  ),
  duration: metric(
    'awq_job_duration_seconds',
    () =>
      new Histogram({
        name: 'awq_job_duration_seconds',
        help: 'Time inside a job handler',
        labelNames: ['queue'],
        buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
      }),
  ),
  active: metric(
    'awq_jobs_active',
    () =>
      new Gauge({ name: 'awq_jobs_active', help: 'Jobs in flight in this process', labelNames: ['queue'] }),
  ),
};
