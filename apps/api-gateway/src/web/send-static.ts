import type { FastifyReply, FastifyRequest } from 'fastify';
import type { StaticFile } from './static-directory';

/** Sends a static file with validators; a matching If-None-Match gets an empty 304. */
export function sendStatic(request: FastifyRequest, reply: FastifyReply, file: StaticFile, cacheControl?: string): void {
  void reply
    .header('etag', file.etag)
    .header('cache-control', cacheControl ?? (file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache'))
    .header('x-content-type-options', 'nosniff');
  if (request.headers['if-none-match'] === file.etag) {
    void reply.status(304).send();
    return;
  }
  void reply.header('content-type', file.contentType).header('content-length', file.size).send(file.stream());
}
