import { Controller, Get, Header, Inject, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { Public } from '../auth/principal';
import { REDIS } from '../core/tokens';
import { UNAVAILABLE_RETRY_AFTER_S, withTimeout } from '../errors/unavailable';
import { MetricsService } from './metrics.service';

const CHECK_TIMEOUT_MS = 2000;

@ApiExcludeController()
@Public()
@Controller()
export class HealthController {
  constructor(
    private readonly db: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly metrics: MetricsService,
  ) {}

  /** Alive: the process answers. Never touches dependencies, so a restart is not triggered by someone else's outage. */
  @Get('healthz')
  healthz(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Ready: Postgres and Redis both answer; 503 with Retry-After otherwise. */
  @Get('readyz')
  async readyz(@Res() reply: FastifyReply): Promise<void> {
    const [postgres, redis] = await Promise.all([
      this.check(withTimeout(this.db.query('SELECT 1'), CHECK_TIMEOUT_MS, 'postgres')),
      this.check(withTimeout(this.redis.ping(), CHECK_TIMEOUT_MS, 'redis')),
    ]);
    const checks = { postgres, redis };
    if (postgres === 'ok' && redis === 'ok') {
      void reply.send({ status: 'ok', checks });
      return;
    }
    void reply
      .status(503)
      .header('retry-after', String(UNAVAILABLE_RETRY_AFTER_S))
      .send({ error: { code: 'unavailable', message: 'Not ready: a dependency does not answer', details: { checks } } });
  }

  @Get('metrics')
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  async prometheus(): Promise<string> {
    return this.metrics.registry.metrics();
  }

  private async check(p: Promise<unknown>): Promise<string> {
    try {
      await p;
      return 'ok';
    } catch (e) {
      return `down: ${(e as Error).message}`;
    }
  }
}
