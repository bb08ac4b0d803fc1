export { AgentResources } from './agent-resources';
export { AgentRunner, type AgentWork } from './agent-runner';
export {
  AgentSession,
  type SayOptions,
  type SessionChatRequest,
  type SessionImageRequest,
} from './agent-session';
export { BuildStore, type BuildInfo, type StoredFile } from './build-store';
export { PipelineFinalizer } from './pipeline-finalizer';
export { AgentRuntimeModule } from './agent-runtime.module';
export { bootstrapAgentWorker } from './bootstrap-agent-worker';
export {
  plannerResultSchema,
  imageResultSchema,
  frontendResultSchema,
  testingResultSchema,
  storedImageSchema,
  type PlannerResult,
  type ImageStageResult,
  type FrontendResult,
  type TestingResult,
  type StoredImage,
} from './stage-results';
