import { bootstrapAgentWorker } from '@autowebiq/agent-runtime';
import { PlannerModule } from './planner.module';

void bootstrapAgentWorker('planner', PlannerModule);
