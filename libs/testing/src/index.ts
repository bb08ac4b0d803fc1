export { createTestDatabase, uniqueRedisPrefix, type TestDatabase } from './test-database';
