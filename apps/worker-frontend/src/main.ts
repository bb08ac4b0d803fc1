import { bootstrapAgentWorker } from '@autowebiq/agent-runtime';
import { FrontendModule } from './frontend.module';

void bootstrapAgentWorker('frontend', FrontendModule);
