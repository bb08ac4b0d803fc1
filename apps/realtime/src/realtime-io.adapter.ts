import type { Config } from '@autowebiq/config';
import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { ServerOptions } from 'socket.io';

/** Builds the Socket.IO server with the limits from config instead of hard-coded gateway decorator options. */
export class RealtimeIoAdapter extends IoAdapter {
  constructor(
    app: INestApplicationContext,
    private readonly config: Config,
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: ServerOptions): unknown {
    return super.createIOServer(port, {
      ...options,
      serveClient: false,
      // A larger frame closes that client's connection; nobody needs more than a subscribe request.
      maxHttpBufferSize: this.config.REALTIME_MAX_PAYLOAD_BYTES,
      pingInterval: this.config.REALTIME_PING_INTERVAL_MS,
      pingTimeout: this.config.REALTIME_PING_TIMEOUT_MS,
      // Auth travels in the handshake payload, never in cookies, so any origin may connect.
      cors: { origin: true, credentials: false },
    } as ServerOptions);
  }

  /**
   * Socket.IO's close ends with the HTTP server's close, which waits for every kept-alive connection to
   * end: a probe of /healthz in flight at that moment, followed by the next one, would hold the process
   * up for good. The sockets are closed by then; what is left is cut.
   */
  override async close(server: Parameters<IoAdapter['close']>[0]): Promise<void> {
    const closing = super.close(server);
    // Fastify's node http.Server; its declared type also admits HTTP/2 servers, which lack the method.
    (server.httpServer as { closeAllConnections?: () => void } | undefined)?.closeAllConnections?.();
    await closing;
  }
}
