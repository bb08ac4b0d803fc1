export { createDataSource, runMigrations, ENTITIES, type DatabaseConfig } from './data-source';
export {
  Batcher,
  BatcherFullError,
  isPostgresDataError,
  isPostgresDataException,
  runByUniqueKey,
  type BatcherOptions,
} from './batcher';
export { ensureDatabase } from './ensure-database';
export { hashApiKey } from './api-key-hash';
export { ApiKeyLookup, type ApiKeyLookupOptions, type ApiKeyOwner } from './api-key-lookup';
export { Account } from './entities/account.entity';
export { AgentRun, type AgentRunStatus } from './entities/agent-run.entity';
export { ApiKey } from './entities/api-key.entity';
export { Build, type BuildEstimate } from './entities/build.entity';
export { BuildEventRow } from './entities/build-event.entity';
export { BuildFile } from './entities/build-file.entity';
export { CreditLot } from './entities/credit-lot.entity';
export { IdempotencyKey } from './entities/idempotency-key.entity';
export { LedgerAccount, type LedgerAccountKind } from './entities/ledger-account.entity';
export { Transfer } from './entities/transfer.entity';
export { UsageEventRow } from './entities/usage-event.entity';
export { archivedBuildEvents } from './build-events';
