export { createTestDatabase, uniqueRedisPrefix, type TestDatabase } from './test-database';
export { insertAccount, insertBuildRow } from './factories';
export {
  FakeOpenAiServer,
  type FakeReply,
  type FakeUsage,
  type RecordedRequest,
  type RunningFakeOpenAi,
} from './fake-openai/fake-openai-server';
