export { createTestDatabase, uniqueRedisPrefix, type TestDatabase } from './test-database';
export { insertAccount, insertBuildRow } from './factories';
