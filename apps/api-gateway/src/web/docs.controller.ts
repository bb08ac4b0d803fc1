import { Controller, Get, Header, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import path from 'node:path';
import { Public } from '../auth/principal';
import { notFound } from '../errors/api-error';
import { sendStatic } from './send-static';
import { StaticDirectory } from './static-directory';

const PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>AutoWebIQ API</title><link rel="stylesheet" href="/docs/swagger-ui.css"></head>
<body><div id="swagger-ui"></div><script src="/docs/swagger-ui-bundle.js"></script><script src="/docs/init.js"></script></body>
</html>`;
const INIT = `window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui', persistAuthorization: false });`;

/**
 * Swagger UI for /openapi.json, served from swagger-ui-dist by our own static
 * handler (Nest's built-in UI needs @fastify/static, which we do not ship).
 */
@ApiExcludeController()
@Public()
@Controller('docs')
export class DocsController {
  private readonly assets = new StaticDirectory(path.dirname(require.resolve('swagger-ui-dist/package.json')));

  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('content-security-policy', "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'")
  page(): string {
    return PAGE;
  }

  @Get('init.js')
  @Header('content-type', 'text/javascript; charset=utf-8')
  init(): string {
    return INIT;
  }

  @Get('*')
  async asset(@Param('*') file: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const found = /^[\w.-]+\.(css|js|png)$/.test(file) ? await this.assets.find(file) : null;
    if (!found) throw notFound('File');
    sendStatic(request, reply, found, 'public, max-age=86400');
  }
}
