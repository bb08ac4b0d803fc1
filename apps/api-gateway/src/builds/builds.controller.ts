import {
  BUILD_STATUSES,
  createBuildRequestSchema,
  type BuildEvent,
  type BuildEventsResponse,
  type BuildResponse,
  type CreateBuildRequest,
  type CreateBuildResponse,
  type Page,
} from '@autowebiq/contracts';
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { AccountId } from '../auth/principal';
import { UuidParamPipe } from '../errors/uuid-param.pipe';
import { validBody, validQuery } from '../errors/zod-validation.pipe';
import { Idempotency, Idempotent, type IdempotencyContext } from '../idempotency/idempotency-context';
import { IDEMPOTENCY_HEADER_DOC, openApiSchema } from '../openapi/openapi-schema';
import { BuildTimelineService } from './build-timeline.service';
import { BuildsService } from './builds.service';

const listQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
  status: z.enum(BUILD_STATUSES).optional(),
});
const eventsQuerySchema = z.object({ after_seq: z.coerce.number().int().min(0).max(2 ** 31 - 1).default(0) });
const buildId = new UuidParamPipe('Build');

@ApiTags('builds')
@ApiBearerAuth()
@Controller('v1/builds')
export class BuildsController {
  constructor(
    private readonly builds: BuildsService,
    private readonly timeline: BuildTimelineService,
  ) {}

  @Post()
  @HttpCode(202)
  @Idempotent({ recoveryId: 'build_id' })
  @ApiHeader(IDEMPOTENCY_HEADER_DOC)
  @ApiOperation({ summary: 'Request a build: holds max_credits (or the estimate high) and queues the agents' })
  @ApiBody({ schema: openApiSchema(createBuildRequestSchema) })
  @ApiResponse({ status: 202, description: '{ build, balance }' })
  @ApiResponse({ status: 402, description: 'insufficient_credits, with required and available in details; nothing written' })
  create(
    @AccountId() accountId: string,
    @Body(validBody(createBuildRequestSchema)) body: CreateBuildRequest,
    @Idempotency() idem: IdempotencyContext | null,
  ): Promise<CreateBuildResponse> {
    return this.builds.create(accountId, body, idem);
  }

  @Get()
  @ApiOperation({ summary: "The account's builds, newest first" })
  @ApiQuery({ name: 'limit', required: false })
  @ApiQuery({ name: 'cursor', required: false })
  @ApiQuery({ name: 'status', required: false, enum: BUILD_STATUSES })
  list(@AccountId() accountId: string, @Query(validQuery(listQuerySchema)) q: z.infer<typeof listQuerySchema>): Promise<Page<BuildResponse>> {
    return this.builds.list(accountId, q);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Status, reserved / spent / refunded, timings, usage per agent, and a preview link once the site exists' })
  get(@AccountId() accountId: string, @Param('id', buildId) id: string): Promise<BuildResponse> {
    return this.builds.get(accountId, id);
  }

  @Get(':id/events')
  @ApiOperation({ summary: "The build's event timeline after a seq (the same events Socket.IO delivers)" })
  @ApiQuery({ name: 'after_seq', required: false })
  async events(
    @AccountId() accountId: string,
    @Param('id', buildId) id: string,
    @Query(validQuery(eventsQuerySchema)) q: z.infer<typeof eventsQuerySchema>,
  ): Promise<BuildEventsResponse<BuildEvent>> {
    await this.builds.assertOwned(accountId, id);
    return { data: await this.timeline.after(id, q.after_seq) };
  }

  @Post(':id/cancel')
  @HttpCode(202)
  @Idempotent({ recoveryId: 'build_id' })
  @ApiHeader(IDEMPOTENCY_HEADER_DOC)
  @ApiOperation({
    summary: 'Stop a build. Not started yet: cancelled now, hold refunded. Running: its workers stop, it pays for what ran.',
  })
  cancel(@AccountId() accountId: string, @Param('id', buildId) id: string): Promise<CreateBuildResponse> {
    return this.builds.cancel(accountId, id);
  }
}
