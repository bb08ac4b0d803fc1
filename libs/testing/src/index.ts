export { createTestDatabase, uniqueRedisPrefix, type TestDatabase } from './test-database';
export { insertAccount, insertApiKey, insertBuildRow } from './factories';
export { queuedStages } from './queued-stages';
export {
  FakeOpenAiServer,
  type FakeReply,
  type FakeUsage,
  type RecordedRequest,
  type RunningFakeOpenAi,
} from './fake-openai/fake-openai-server';
export {
  deleteRedisKeys,
  startPlatform,
  type Platform,
  type PlatformOptions,
} from './platform/start-platform';
export { createAccount, type TestAccount } from './platform/create-account';
export {
  APP_LABELS,
  APP_NODE_FLAGS,
  HOT_PATH_NODE_FLAGS,
  appNodeFlags,
  REPO_ROOT,
  SERVER_APPS,
  appCommand,
  appEntry,
  compiledEntry,
  existingApps,
  healthUrl,
  type AppName,
  type AppLaunch,
  type AppPorts,
  type AppRuntime,
} from './platform/apps';
export { buildDist, compiledPath, isDistFresh, type BuildResult } from './platform/dist-build';
export { freePort, waitForHttp } from './platform/net';
export { eventually, waitUntil, type WaitOptions, type WaitUntilOptions } from './wait-until';
export { streamData } from './stream-data';
export { OwnPostgres } from './platform/own-postgres';
export { OwnRedis } from './platform/own-redis';
export {
  ManagedProcess,
  killChildrenOnExit,
  type ExitInfo,
  type ManagedProcessOptions,
  type ProcessSpec,
  type RestartPolicy,
} from './platform/processes';
export { CHROMIUM_PATH, launchChromium } from './chromium';
