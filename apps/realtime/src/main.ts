import 'reflect-metadata';
import type { Config } from '@autowebiq/config';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { RealtimeIoAdapter } from './realtime-io.adapter';
import { RealtimeModule } from './realtime.module';
import { CONFIG } from './realtime.tokens';

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create<NestFastifyApplication>(RealtimeModule, new FastifyAdapter());
  const config = app.get<Config>(CONFIG);
  app.useWebSocketAdapter(new RealtimeIoAdapter(app, config));
  app.enableShutdownHooks();
  await app.listen(config.REALTIME_PORT, config.HOST);
  console.log(`realtime listening on ${await app.getUrl()}`);
}

bootstrap().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
