import type { Config } from '@autowebiq/config';
import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import path from 'node:path';
import { Public } from '../auth/principal';
import { CONFIG } from '../core/tokens';
import { ApiError, notFound } from '../errors/api-error';
import { sendStatic } from './send-static';
import { StaticDirectory } from './static-directory';

/** Paths that are API or ops: an unknown one is a JSON 404, never the SPA's index.html. */
const NOT_SPA = /^\/(v1|docs|openapi\.json|healthz|readyz|metrics)(\/|$|\?)/;

/** The Workspace SPA (apps/web/dist) at `/`: its files, and index.html for every client-side route. */
@ApiExcludeController()
@Public()
@Controller()
export class WebController {
  private readonly dist: StaticDirectory;

  constructor(@Inject(CONFIG) config: Config) {
    this.dist = new StaticDirectory(config.WEB_DIST_DIR ?? path.resolve(__dirname, '..', '..', '..', 'web', 'dist'));
  }

  @Get()
  root(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.serve(request, reply);
  }

  @Get('*')
  any(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.serve(request, reply);
  }

  private async serve(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const urlPath = request.url.split('?')[0];
    if (NOT_SPA.test(urlPath)) throw notFound(`Route ${request.method} ${urlPath}`);
    const file = (urlPath !== '/' && (await this.dist.find(urlPath))) || null;
    if (file) return sendStatic(request, reply, file);
    // A path with an extension is a missing asset, not a page of the SPA.
    if (path.posix.extname(urlPath) !== '') throw notFound('File');
    const index = await this.dist.find('/index.html');
    if (!index) throw new ApiError(404, 'not_found', 'The Workspace is not built; build apps/web (vite build) to serve it here');
    sendStatic(request, reply, index, 'no-cache');
  }
}
