import {
  createAccountRequestSchema,
  grantRequestSchema,
  type CreateAccountRequest,
  type CreateAccountResponse,
  type GrantRequest,
  type GrantResponse,
} from '@autowebiq/contracts';
import { Body, Controller, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminOnly } from '../auth/principal';
import { UuidParamPipe } from '../errors/uuid-param.pipe';
import { validBody } from '../errors/zod-validation.pipe';
import { Idempotency, Idempotent, type IdempotencyContext } from '../idempotency/idempotency-context';
import { IDEMPOTENCY_HEADER_DOC, openApiSchema } from '../openapi/openapi-schema';
import { AccountsService } from './accounts.service';

@ApiTags('accounts (operator)')
@ApiBearerAuth()
@AdminOnly()
@Controller('v1/accounts')
export class AccountsController {
  constructor(private readonly accounts: AccountsService) {}

  @Post()
  @Idempotent()
  @ApiHeader(IDEMPOTENCY_HEADER_DOC)
  @ApiOperation({ summary: 'Open an account with its first API key (shown once) and optional starting credits' })
  @ApiBody({ schema: openApiSchema(createAccountRequestSchema) })
  create(
    @Body(validBody(createAccountRequestSchema)) body: CreateAccountRequest,
    @Idempotency() idem: IdempotencyContext | null,
  ): Promise<CreateAccountResponse> {
    return this.accounts.create(body, idem);
  }

  @Post(':id/grants')
  @Idempotent()
  @ApiHeader(IDEMPOTENCY_HEADER_DOC)
  @ApiOperation({ summary: "Grant credits into an account's wallet" })
  @ApiBody({ schema: openApiSchema(grantRequestSchema) })
  grant(
    @Param('id', new UuidParamPipe('Account')) id: string,
    @Body(validBody(grantRequestSchema)) body: GrantRequest,
    @Idempotency() idem: IdempotencyContext | null,
  ): Promise<GrantResponse> {
    return this.accounts.grant(id, body, idem);
  }
}
