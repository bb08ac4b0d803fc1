import type { Config } from '@autowebiq/config';
import type { MetaResponse } from '@autowebiq/contracts';
import { Controller, Get, Inject, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Public } from '../auth/principal';
import { CONFIG } from '../core/tokens';
import { version } from '../../package.json';

@ApiTags('meta')
@Public()
@Controller('v1/meta')
export class MetaController {
  constructor(@Inject(CONFIG) private readonly config: Config) {}

  @Get()
  @ApiOperation({ summary: 'What a client needs to start: version, where realtime listens, which LLM provider runs' })
  meta(@Req() request: FastifyRequest): MetaResponse {
    return { version, realtime_url: this.realtimeUrl(request), llm_provider: this.config.LLM_PROVIDER };
  }

  /** Without REALTIME_URL, realtime is on the host the client reached us by, on REALTIME_PORT. */
  private realtimeUrl(request: FastifyRequest): string {
    if (this.config.REALTIME_URL) return this.config.REALTIME_URL;
    try {
      const url = new URL(`${request.protocol}://${request.host}`);
      url.port = String(this.config.REALTIME_PORT);
      return url.origin;
    } catch {
      return `http://${this.config.HOST}:${this.config.REALTIME_PORT}`;
    }
  }
}
