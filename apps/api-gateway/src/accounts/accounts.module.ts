import { Module } from '@nestjs/common';
import { ApiKeysModule } from '../api-keys/api-keys.module';
import { AccountsController } from './accounts.controller';
import { AccountsService } from './accounts.service';

@Module({ imports: [ApiKeysModule], controllers: [AccountsController], providers: [AccountsService] })
export class AccountsModule {}
