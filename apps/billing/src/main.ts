import 'reflect-metadata';
import { exitAfterGrace } from '@autowebiq/bus';
import { loadConfig } from '@autowebiq/config';
import { startBilling } from './billing.bootstrap';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await startBilling(config);
  console.log(
    `billing consuming as ${app.resources.consumerName}; health on http://${config.HOST}:${app.health.port}/healthz`,
  );
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      exitAfterGrace(config.SHUTDOWN_GRACE_MS);
      void app.close().then(
        () => process.exit(0),
        (e: unknown) => {
          console.error(e);
          process.exit(1);
        },
      );
    });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
