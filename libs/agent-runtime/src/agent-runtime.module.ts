import { Global, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { AgentResources } from './agent-resources';
import { AgentRunner } from './agent-runner';
import { BuildStore } from './build-store';
import { PipelineFinalizer } from './pipeline-finalizer';

/** Closes the shared connections after the transport has let its jobs finish. */
class ResourcesCloser implements OnApplicationShutdown {
  constructor(private readonly resources: AgentResources) {}
  async onApplicationShutdown(): Promise<void> {
    await this.resources.close();
  }
}

/** What an agent's service injects: the runner, the build store and the shared resources. */
@Global()
@Module({})
export class AgentRuntimeModule {
  static register(resources: AgentResources): DynamicModule {
    const store = new BuildStore(resources.dataSource);
    return {
      module: AgentRuntimeModule,
      providers: [
        { provide: AgentResources, useValue: resources },
        { provide: BuildStore, useValue: store },
        { provide: AgentRunner, useValue: new AgentRunner(resources, store) },
        { provide: PipelineFinalizer, useValue: new PipelineFinalizer(resources, store) },
        { provide: ResourcesCloser, useValue: new ResourcesCloser(resources) },
      ],
      exports: [AgentResources, BuildStore, AgentRunner, PipelineFinalizer],
    };
  }
}
