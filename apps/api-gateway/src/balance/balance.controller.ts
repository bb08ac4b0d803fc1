import type { BalanceResponse, LedgerEntryResponse, Page } from '@autowebiq/contracts';
import { LedgerService, walletId, type TransferRecord } from '@autowebiq/ledger';
import { microToCredits } from '@autowebiq/pricing';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { AccountId } from '../auth/principal';
import { validQuery } from '../errors/zod-validation.pipe';
import { BalanceReader } from './balance-reader.service';
import { toBalanceResponse } from './balance-view';

const ledgerQuerySchema = z.object({
  cursor: z.string().regex(/^\d{1,18}$/, 'must be the next_cursor of a previous page').optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

@ApiTags('balance')
@ApiBearerAuth()
@Controller('v1')
export class BalanceController {
  constructor(
    private readonly ledger: LedgerService,
    private readonly balances: BalanceReader,
  ) {}

  @Get('balance')
  @ApiOperation({ summary: 'credits: spendable now; held: reserved by running builds; total = credits + held' })
  async balance(@AccountId() accountId: string): Promise<BalanceResponse> {
    return toBalanceResponse(await this.balances.read(accountId));
  }

  @Get('ledger')
  @ApiOperation({ summary: "The account's transfers, newest first" })
  @ApiQuery({ name: 'cursor', required: false })
  @ApiQuery({ name: 'limit', required: false, description: '1 to 200, default 50' })
  async entries(
    @AccountId() accountId: string,
    @Query(validQuery(ledgerQuerySchema)) q: z.infer<typeof ledgerQuerySchema>,
  ): Promise<Page<LedgerEntryResponse>> {
    const page = await this.ledger.listTransfers(accountId, { cursor: q.cursor, limit: q.limit });
    const wallet = walletId(accountId);
    return { data: page.data.map((t) => toEntry(t, wallet)), next_cursor: page.nextCursor };
  }
}

function toEntry(t: TransferRecord, wallet: string): LedgerEntryResponse {
  const direction = t.to === wallet ? 1 : t.from === wallet ? -1 : 0;
  return {
    id: t.id,
    operation: t.operation,
    amount: microToCredits(t.amountMicro),
    amount_micro: t.amountMicro.toString(),
    direction,
    from: t.from,
    to: t.to,
    build_id: t.buildId,
    reason: t.reason,
    created_at: new Date(t.createdAt).toISOString(),
  };
}
