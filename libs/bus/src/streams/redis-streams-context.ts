import { BaseRpcContext } from '@nestjs/microservices';

type RedisStreamsContextArgs = [stream: string, group: string, consumer: string, claimed: boolean];

/** What `@Ctx()` gives a Redis Streams `@EventPattern` handler along with its batch. */
export class RedisStreamsContext extends BaseRpcContext<RedisStreamsContextArgs> {
  get stream(): string {
    return this.args[0];
  }

  get group(): string {
    return this.args[1];
  }

  get consumer(): string {
    return this.args[2];
  }

  /** True when the batch was taken over from a consumer presumed dead (XAUTOCLAIM) or re-read after a failure. */
  get redelivered(): boolean {
    return this.args[3];
  }
}
