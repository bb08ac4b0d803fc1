import { loadConfig } from '@autowebiq/config';
import { prepareDatabase, redactUrl } from './launcher/database';

/** `npm run migrate`: brings the database named by DATABASE_URL to the latest schema (creating it if needed). */
async function main(): Promise<void> {
  const config = loadConfig();
  console.log(`migrating ${redactUrl(config.DATABASE_URL)}`);
  await prepareDatabase(config.DATABASE_URL, (line) => console.log(line));
}

main().catch((e: Error) => {
  console.error(e.message);
  process.exit(1);
});
