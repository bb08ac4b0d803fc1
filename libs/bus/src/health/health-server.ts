import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { register } from 'prom-client';
import { collectProcessMetrics } from './metrics';

export interface HealthServerOptions {
  service: string;
  port: number;
  host?: string;
  /** Resolves true while the process can do its work (e.g. Redis answers); false or a throw is a 503. */
  check?: () => Promise<boolean>;
  /**
   * A check still running after this long is a 503 (default 2000 ms): the apps' Redis commands wait out an
   * outage instead of failing, so without it `/healthz` would hang for as long as the outage.
   */
  checkTimeoutMs?: number;
}

export interface HealthServer {
  port: number;
  /** From now on /healthz is 503 `stopping`: called when shutdown begins, before the work in flight drains. */
  stopping(): void;
  close(): Promise<void>;
}

/**
 * The internal `/healthz` + `/metrics` port of processes without a public HTTP
 * API (workers, billing). Plain node:http: it must answer even when the
 * process's framework is busy or half shut down.
 */
export async function startHealthServer(options: HealthServerOptions): Promise<HealthServer> {
  collectProcessMetrics(options.service);
  let stopping = false;
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET') {
      res.writeHead(405).end();
    } else if (path === '/healthz') {
      void (stopping ? Promise.resolve(false) : healthz(options)).then((ok) => {
        const status = ok ? 'ok' : stopping ? 'stopping' : 'unavailable';
        res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ status, service: options.service }));
      });
    } else if (path === '/metrics') {
      register.metrics().then(
        (text) => res.writeHead(200, { 'content-type': register.contentType }).end(text),
        () => res.writeHead(500).end(),
      );
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    stopping: () => {
      stopping = true;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function healthz(options: HealthServerOptions): Promise<boolean> {
  if (!options.check) return true;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), options.checkTimeoutMs ?? 2000);
  });
  try {
    return await Promise.race([options.check(), timedOut]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
