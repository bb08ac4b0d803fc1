import { bootstrapAgentWorker } from '@autowebiq/agent-runtime';
import { ImageModule } from './image.module';

void bootstrapAgentWorker('image', ImageModule);
