import { Module } from '@nestjs/common';
import { DocsController } from './docs.controller';
import { WebController } from './web.controller';

/** Registered last: its catch-all route must not shadow anything (find-my-way prefers specific routes anyway). */
@Module({ controllers: [DocsController, WebController] })
export class WebModule {}
