import { estimateRequestSchema, type EstimateRequest, type EstimateResponse, type PricingResponse } from '@autowebiq/contracts';
import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/principal';
import { validBody } from '../errors/zod-validation.pipe';
import { openApiSchema } from '../openapi/openapi-schema';
import { PricingService, toEstimateResponse } from './pricing.service';

@ApiTags('pricing')
@Controller('v1')
export class PricingController {
  constructor(private readonly pricing: PricingService) {}

  @Get('pricing')
  @Public()
  @ApiOperation({ summary: 'The live price table (each build freezes its own copy) and the default model per agent' })
  table(): PricingResponse {
    return this.pricing.pricing();
  }

  @Post('estimates')
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'What a build of this prompt would cost: low, expected and high, per agent' })
  @ApiBody({ schema: openApiSchema(estimateRequestSchema) })
  async estimate(@Body(validBody(estimateRequestSchema)) body: EstimateRequest): Promise<EstimateResponse> {
    const models = this.pricing.resolveModels(body.models);
    return toEstimateResponse(await this.pricing.estimate(body.prompt, models));
  }
}
