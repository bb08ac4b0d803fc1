import {
  createApiKeyRequestSchema,
  type ApiKeyResponse,
  type CreatedApiKeyResponse,
} from '@autowebiq/contracts';
import { Body, Controller, Delete, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { z } from 'zod';
import { AccountId } from '../auth/principal';
import { UuidParamPipe } from '../errors/uuid-param.pipe';
import { validBody } from '../errors/zod-validation.pipe';
import { openApiSchema } from '../openapi/openapi-schema';
import { ApiKeysService } from './api-keys.service';

@ApiTags('api-keys')
@ApiBearerAuth()
@Controller('v1/api-keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @Post()
  @ApiOperation({
    summary: 'Create another key for the calling account; the plain key is in this answer only',
  })
  @ApiBody({ schema: openApiSchema(createApiKeyRequestSchema), required: false })
  create(
    @AccountId() accountId: string,
    @Body(validBody(createApiKeyRequestSchema.optional()))
    body: z.infer<typeof createApiKeyRequestSchema> | undefined,
  ): Promise<CreatedApiKeyResponse> {
    return this.keys.create(accountId, body?.name ?? null);
  }

  @Get()
  @ApiOperation({ summary: "The calling account's keys (prefixes only, never the secret)" })
  async list(@AccountId() accountId: string): Promise<{ data: ApiKeyResponse[] }> {
    return { data: await this.keys.list(accountId) };
  }

  @Delete(':id')
  @ApiOperation({
    summary:
      'Revoke one of your keys: it stops working at once on every gateway and realtime node, and its open sockets are closed',
  })
  revoke(
    @AccountId() accountId: string,
    @Param('id', new UuidParamPipe('API key')) id: string,
  ): Promise<ApiKeyResponse> {
    return this.keys.revoke(accountId, id);
  }
}
