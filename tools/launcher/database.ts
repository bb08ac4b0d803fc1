import { createDataSource, ensureDatabase, runMigrations } from '@autowebiq/db';

/** Creates the database when missing and applies pending migrations. */
export async function prepareDatabase(url: string, log: (line: string) => void): Promise<string[]> {
  await ensureDatabase(url);
  const dataSource = createDataSource({
    DATABASE_URL: url,
    DATABASE_POOL_SIZE: 2,
    applicationName: 'autowebiq-migrate',
  });
  await dataSource.initialize();
  try {
    const applied = await runMigrations(dataSource);
    log(applied.length ? `applied migrations: ${applied.join(', ')}` : 'database schema is up to date');
    return applied;
  } finally {
    await dataSource.destroy();
  }
}

/** The URL with its password masked, for printing. */
export function redactUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}
