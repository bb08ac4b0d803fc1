import { jobMetrics } from './metrics';
import { startHealthServer } from './health-server';

describe('startHealthServer', () => {
  it('answers /healthz from its check and serves process and job metrics', async () => {
    let healthy = true;
    const server = await startHealthServer({ service: 'spec', port: 0, check: async () => healthy });
    try {
      const base = `http://127.0.0.1:${server.port}`;
      const ok = await fetch(`${base}/healthz`);
      expect(ok.status).toBe(200);
      expect(await ok.json()).toEqual({ status: 'ok', service: 'spec' });
      healthy = false;
      expect((await fetch(`${base}/healthz`)).status).toBe(503);
      jobMetrics.finished.inc({ queue: 'agent-spec', outcome: 'completed' });
      const metrics = await (await fetch(`${base}/metrics`)).text();
      expect(metrics).toMatch(/process_resident_memory_bytes\{service="spec"\} \d+/);
      expect(metrics).toMatch(
        /awq_jobs_finished_total\{queue="agent-spec",outcome="completed",service="spec"\} 1/,
      );
      expect((await fetch(`${base}/nope`)).status).toBe(404);
    } finally {
      await server.close();
    }
  });

  it('says it is stopping once shutdown begins, and closes under a prober that keeps its connection busy', async () => {
    const server = await startHealthServer({ service: 'spec', port: 0, check: async () => true });
    const url = `http://127.0.0.1:${server.port}/healthz`;
    let probing = true;
    const seen: unknown[] = [];
    const probe = async () => {
      while (probing)
        seen.push(
          await fetch(url).then(
            (r) => r.json(),
            (e: Error) => e.name,
          ),
        );
    };
    const probers = Promise.all([probe(), probe(), probe()]);
    await new Promise((r) => setTimeout(r, 50));
    server.stopping();
    await new Promise((r) => setTimeout(r, 50));
    expect(seen.at(-1)).toEqual({ status: 'stopping', service: 'spec' });
    const closed = await Promise.race([
      server.close().then(() => 'closed'),
      new Promise((r) => setTimeout(() => r('still open after 3 s'), 3000)),
    ]);
    probing = false;
    await probers;
    expect(closed).toBe('closed');
    expect(seen).toContainEqual({ status: 'ok', service: 'spec' });
  });

  it('reports unhealthy when the check throws', async () => {
    const server = await startHealthServer({
      service: 'spec',
      port: 0,
      check: () => Promise.reject(new Error('redis down')),
    });
    try {
      expect((await fetch(`http://127.0.0.1:${server.port}/healthz`)).status).toBe(503);
    } finally {
      await server.close();
    }
  });
});

describe('startHealthServer with a check that hangs', () => {
  it('answers 503 once the check has run past checkTimeoutMs, instead of waiting for it', async () => {
    const server = await startHealthServer({
      service: 'spec',
      port: 0,
      check: () => new Promise<boolean>(() => undefined),
      checkTimeoutMs: 100,
    });
    try {
      const started = Date.now();
      expect((await fetch(`http://127.0.0.1:${server.port}/healthz`)).status).toBe(503);
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      await server.close();
    }
  });
});
