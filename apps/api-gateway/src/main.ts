import 'reflect-metadata';
import { loadConfig } from '@autowebiq/config';
import { createGatewayApp, gatewayLogger } from './gateway.app';

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  const app = await createGatewayApp(config);
  await app.listen({ port: config.PORT, host: config.HOST });
  gatewayLogger.log(`listening on ${await app.getUrl()}`);
}

bootstrap().catch((e: unknown) => {
  gatewayLogger.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
  process.exit(1);
});
