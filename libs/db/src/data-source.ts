import type { Config } from '@autowebiq/config';
import { DataSource } from 'typeorm';
import { Account } from './entities/account.entity';
import { AgentRun } from './entities/agent-run.entity';
import { ApiKey } from './entities/api-key.entity';
import { BuildEventRow } from './entities/build-event.entity';
import { BuildFile } from './entities/build-file.entity';
import { CreditLot } from './entities/credit-lot.entity';
import { Build } from './entities/build.entity';
import { IdempotencyKey } from './entities/idempotency-key.entity';
import { LedgerAccount } from './entities/ledger-account.entity';
import { Transfer } from './entities/transfer.entity';
import { UsageEventRow } from './entities/usage-event.entity';
import { InitialSchema1764864000000 } from './migrations/1764864000000-initial-schema';
import { UsageEventsWithoutForeignKeys1764950000000 } from './migrations/1764950000000-usage-events-without-foreign-keys';
import { RoomForHotUpdates1764960000000 } from './migrations/1764960000000-room-for-hot-updates';
import { ReserveBuildsFunction1765000000000 } from './migrations/1765000000000-reserve-builds-function';
import { CreditLots1765100000000 } from './migrations/1765100000000-credit-lots';
import { FinalEventsMarker1765200000000 } from './migrations/1765200000000-final-events-marker';

export const ENTITIES = [
  Account,
  AgentRun,
  ApiKey,
  Build,
  BuildEventRow,
  BuildFile,
  CreditLot,
  IdempotencyKey,
  LedgerAccount,
  Transfer,
  UsageEventRow,
];

export const MIGRATIONS = [
  InitialSchema1764864000000,
  UsageEventsWithoutForeignKeys1764950000000,
  RoomForHotUpdates1764960000000,
  ReserveBuildsFunction1765000000000,
  CreditLots1765100000000,
  FinalEventsMarker1765200000000,
];

export type DatabaseConfig = Pick<Config, 'DATABASE_URL' | 'DATABASE_POOL_SIZE'> & {
  applicationName?: string;
};

/** Not yet initialised; call `.initialize()` (Nest's TypeOrmModule does it for apps). */
export function createDataSource(config: DatabaseConfig): DataSource {
  return new DataSource({
    type: 'postgres',
    url: config.DATABASE_URL,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    synchronize: false,
    migrationsTransactionMode: 'all',
    extra: {
      max: config.DATABASE_POOL_SIZE,
      application_name: config.applicationName ?? 'autowebiq',
    },
  });
}

/** Applies pending migrations; safe to call from several processes at once (TypeORM locks the table). */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const applied = await dataSource.runMigrations({ transaction: 'all' });
  return applied.map((m) => m.name);
}
