import 'reflect-metadata';
import { loadConfig, nestLogLevels } from '@autowebiq/config';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { RealtimeIoAdapter } from './realtime-io.adapter';
import { RealtimeModule } from './realtime.module';

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  const app = await NestFactory.create<NestFastifyApplication>(
    RealtimeModule.forRoot(config),
    new FastifyAdapter(),
    {
      logger: nestLogLevels(config.LOG_LEVEL),
    },
  );
  app.useWebSocketAdapter(new RealtimeIoAdapter(app, config));
  app.enableShutdownHooks();
  await app.listen(config.REALTIME_PORT, config.HOST);
  console.log(`realtime listening on ${await app.getUrl()}`);
}

bootstrap().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
