import { createDataSource, ensureDatabase, runMigrations } from '@autowebiq/db';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';

export interface TestDatabase {
  url: string;
  name: string;
  /** An initialised data source on the new database; closed by drop(). */
  dataSource: DataSource;
  drop(): Promise<void>;
}

const SERVER_URL = process.env.TEST_DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432';

/**
 * A fresh, migrated database of its own, so test files never see each other's rows; on the machine's
 * Postgres unless `serverUrl` names another server (a test's own OwnPostgres).
 */
export async function createTestDatabase(label = 'test', serverUrl = SERVER_URL): Promise<TestDatabase> {
  const name = `awq_${label.replace(/[^a-z0-9]/gi, '').slice(0, 20)}_${randomBytes(4).toString('hex')}`.toLowerCase();
  const url = `${serverUrl}/${name}`;
  await ensureDatabase(url);
  const dataSource = createDataSource({ DATABASE_URL: url, DATABASE_POOL_SIZE: 20, applicationName: name });
  await dataSource.initialize();
  await runMigrations(dataSource);
  return {
    url,
    name,
    dataSource,
    async drop() {
      if (dataSource.isInitialized) await dataSource.destroy();
      const admin = new Client({ connectionString: `${serverUrl}/postgres` });
      await admin.connect();
      try {
        await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await admin.end();
      }
    },
  };
}

/** A Redis key prefix no other test file uses. */
export const uniqueRedisPrefix = (label = 't') =>
  `${label.replace(/[^a-z0-9_-]/gi, '').slice(0, 12).toLowerCase()}-${randomBytes(4).toString('hex')}`;
