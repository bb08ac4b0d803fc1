import {
  Controller,
  Get,
  Header,
  HttpCode,
  HttpException,
  HttpStatus,
  Inject,
  type OnModuleDestroy,
} from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { EventFanoutService } from './event-fanout.service';
import { RealtimeMetrics } from './realtime-metrics.service';
import { DATA_SOURCE, REDIS } from './realtime.tokens';

@Controller()
export class OpsController implements OnModuleDestroy {
  /** Set when shutdown begins (the first hook Nest runs), so probes stop routing to this node at once. */
  private stopping = false;

  constructor(
    private readonly metrics: RealtimeMetrics,
    private readonly fanout: EventFanoutService,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(DATA_SOURCE) private readonly db: DataSource,
  ) {}

  onModuleDestroy(): void {
    this.stopping = true;
  }

  /**
   * 503 when this node cannot deliver: it is stopping, its stream read fails, or Redis or Postgres (needed
   * for auth and replay) is down.
   */
  @Get('healthz')
  @HttpCode(HttpStatus.OK)
  async health(): Promise<Record<string, string>> {
    if (this.stopping) throw new HttpException({ status: 'stopping' }, HttpStatus.SERVICE_UNAVAILABLE);
    const [redis, postgres] = await Promise.all([
      this.redis.ping().then(
        () => 'up',
        () => 'down',
      ),
      this.db.query('SELECT 1').then(
        () => 'up',
        () => 'down',
      ),
    ]);
    const body = { status: 'ok', redis, postgres, fanout: this.fanout.healthy ? 'up' : 'down' };
    if (redis !== 'up' || postgres !== 'up' || !this.fanout.healthy) {
      throw new HttpException({ ...body, status: 'unavailable' }, HttpStatus.SERVICE_UNAVAILABLE);
    }
    return body;
  }

  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  metricsText(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
