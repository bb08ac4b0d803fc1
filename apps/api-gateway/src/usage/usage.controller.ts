import { USAGE_GROUPS, type UsageResponse } from '@autowebiq/contracts';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { AccountId } from '../auth/principal';
import { invalidFields } from '../errors/api-error';
import { validQuery } from '../errors/zod-validation.pipe';
import { UsageService } from './usage.service';

const DAY_MS = 86_400_000;
const MAX_RANGE_DAYS = 366;
const instant = z.union([z.iso.datetime({ offset: true }), z.iso.date()]).transform((s) => new Date(s));
const usageQuerySchema = z.object({
  from: instant.optional(),
  to: instant.optional(),
  group_by: z.enum(USAGE_GROUPS).default('day'),
});

@ApiTags('usage')
@ApiBearerAuth()
@Controller('v1/usage')
export class UsageController {
  constructor(private readonly usage: UsageService) {}

  @Get()
  @ApiOperation({
    summary:
      'Metered usage in [from, to) grouped by day, agent or model (default: the last 30 days by day), and what the ledger charged in that range',
  })
  @ApiQuery({ name: 'from', required: false, description: 'ISO date or date-time' })
  @ApiQuery({ name: 'to', required: false, description: 'ISO date or date-time (exclusive)' })
  @ApiQuery({ name: 'group_by', required: false, enum: USAGE_GROUPS })
  report(
    @AccountId() accountId: string,
    @Query(validQuery(usageQuerySchema)) q: z.infer<typeof usageQuerySchema>,
  ): Promise<UsageResponse> {
    const to = q.to ?? new Date();
    const from = q.from ?? new Date(to.getTime() - 30 * DAY_MS);
    if (from >= to) throw invalidFields([{ field: 'from', message: 'must be before to' }]);
    if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * DAY_MS)
      throw invalidFields([{ field: 'to', message: `the range may span at most ${MAX_RANGE_DAYS} days` }]);
    return this.usage.usage(accountId, { from, to, groupBy: q.group_by });
  }
}
