import { Global, Module } from '@nestjs/common';
import { BalanceReader } from './balance-reader.service';
import { BalanceController } from './balance.controller';

/** Global so every module that answers with a balance reads it through the same rounds. */
@Global()
@Module({ controllers: [BalanceController], providers: [BalanceReader], exports: [BalanceReader] })
export class BalanceModule {}
