import { createServer } from 'node:net';
import { waitUntil, type WaitOptions } from '../wait-until';

/** Ports this process has handed out: the OS may offer a just-closed port again before its app binds it. */
const handedOut = new Set<number>();

/**
 * A port nothing listens on now and that no earlier call handed out. Without that second rule two apps of
 * one platform were now and then given the same port (seen in CI: the gateway found realtime on its own).
 */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  for (;;) {
    const port = await unusedPort(host);
    if (handedOut.has(port)) continue;
    handedOut.add(port);
    return port;
  }
}

function unusedPort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once `url` answers 2xx; rejects with the last status or error when time runs out. */
export async function waitForHttp(url: string, opts: WaitOptions): Promise<void> {
  /** The status, or why there was none. */
  const answer = async (): Promise<number | string> => {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      await res.body?.cancel();
      return res.status;
    } catch (e) {
      return (e as Error).message;
    }
  };
  await waitUntil(answer, (last) => typeof last === 'number' && last >= 200 && last < 300, {
    ...opts,
    intervalMs: opts.intervalMs ?? 150,
    what: `${url} to answer 2xx`,
    describe: (last) => (typeof last === 'number' ? `HTTP ${last}` : last),
  });
}
