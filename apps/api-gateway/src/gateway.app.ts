import { nestLogLevels, type Config } from '@autowebiq/config';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { FastifyInstance } from 'fastify';
import type { ServerResponse } from 'node:http';
import { AppModule } from './app.module';
import { ApiError } from './errors/api-error';
import { installHttpMetrics } from './health/http-metrics.hooks';
import { MetricsService } from './health/metrics.service';
import { version } from '../package.json';

/** The gateway as a Nest app, initialised but not listening: main.ts and tests both start it from here. */
export async function createGatewayApp(config: Config): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: config.HTTP_BODY_LIMIT_BYTES,
    trustProxy: true,
    // Errors the router raises before any route (and so Nest) is involved still get our error envelope.
    frameworkErrors: (error: { code: string }, _request: unknown, reply: { raw: ServerResponse }) => {
      const tooLong = error.code === 'FST_ERR_MAX_PARAM_LENGTH';
      const body = new ApiError(
        400,
        'bad_request',
        tooLong ? 'A path segment is too long' : 'Malformed URL',
      ).toBody();
      reply.raw
        .writeHead(tooLong ? 414 : 400, { 'content-type': 'application/json; charset=utf-8' })
        .end(JSON.stringify(body));
    },
  });
  installJsonParser(adapter.getInstance(), config.HTTP_BODY_LIMIT_BYTES);
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    logger: nestLogLevels(config.LOG_LEVEL),
    bufferLogs: false,
    // The JSON parser is ours (installJsonParser); Nest's would replace it.
    bodyParser: false,
  });
  installHttpMetrics(adapter.getInstance(), app.get(MetricsService));
  const openapi = new DocumentBuilder()
    .setTitle('AutoWebIQ API')
    .setDescription('Credit-metered AI website builder. Errors are { error: { code, message, details? } }.')
    .setVersion(version)
    .addBearerAuth({
      type: 'http',
      scheme: 'bearer',
      description: 'An API key (awq_…), or ADMIN_TOKEN for operator calls',
    });
  // Behind a proxy the address clients use is not the one we listen on; generated clients read it from here.
  if (config.PUBLIC_URL) openapi.addServer(config.PUBLIC_URL);
  const document = SwaggerModule.createDocument(app, openapi.build());
  SwaggerModule.setup('docs', app, document, { ui: false, raw: ['json'], jsonDocumentUrl: 'openapi.json' });
  app.enableShutdownHooks();
  await app.init();
  return app;
}

/**
 * Our own JSON parser, so malformed JSON is a 400 `invalid_json` naming the
 * problem (Fastify's would reach Nest as a bare HttpException), and an empty
 * body is "no body" rather than an error.
 */
function installJsonParser(fastify: FastifyInstance, bodyLimit: number): void {
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser(
    'application/json',
    { parseAs: 'string', bodyLimit },
    (_request, body, done) => {
      const text = body as string;
      if (text.trim() === '') return done(null, undefined);
      try {
        done(null, JSON.parse(text));
      } catch (e) {
        done(
          new ApiError(400, 'invalid_json', `The request body is not valid JSON: ${(e as Error).message}`),
          undefined,
        );
      }
    },
  );
}

export const gatewayLogger = new Logger('api-gateway');
