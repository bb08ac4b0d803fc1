import { Controller, Get, Header, HttpCode, HttpException, HttpStatus, Inject } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { EventFanoutService } from './event-fanout.service';
import { RealtimeMetrics } from './realtime-metrics.service';
import { DATA_SOURCE, REDIS } from './realtime.tokens';

@Controller()
export class OpsController {
  constructor(
    private readonly metrics: RealtimeMetrics,
    private readonly fanout: EventFanoutService,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(DATA_SOURCE) private readonly db: DataSource,
  ) {}

  /** 503 when this node cannot deliver: its stream read fails, or Redis or Postgres (needed for auth and replay) is down. */
  @Get('healthz')
  @HttpCode(HttpStatus.OK)
  async health(): Promise<Record<string, string>> {
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
