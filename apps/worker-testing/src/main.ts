import { bootstrapAgentWorker } from '@autowebiq/agent-runtime';
import { TestingModule } from './testing.module';

void bootstrapAgentWorker('testing', TestingModule);
