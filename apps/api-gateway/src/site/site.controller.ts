import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AccountId, AccountOrPreview, CurrentPrincipal, Public, type Principal } from '../auth/principal';
import { BuildsService } from '../builds/builds.service';
import { ApiError } from '../errors/api-error';
import { UuidParamPipe } from '../errors/uuid-param.pipe';
import { PreviewTokens } from './preview-tokens.service';
import { SiteFilesService, type SiteFile } from './site-files.service';

/**
 * The generated site runs in a sandbox: `sandbox allow-scripts` gives the
 * document an opaque origin, so its scripts cannot read the gateway's origin or
 * call the API with the user's credentials, and connect-src 'none' stops any
 * request from script at all.
 */
export const SITE_CSP = [
  "default-src 'none'",
  "img-src 'self' data:",
  "style-src 'self' 'unsafe-inline'",
  "script-src 'self'",
  "connect-src 'none'",
  "form-action 'none'",
  "frame-ancestors 'self'",
  "base-uri 'none'",
  'sandbox allow-scripts',
].join('; ');

const buildId = new UuidParamPipe('Build');

@ApiTags('site')
@Controller('v1')
export class SiteController {
  constructor(
    private readonly files: SiteFilesService,
    private readonly builds: BuildsService,
    private readonly previews: PreviewTokens,
  ) {}

  @Get('builds/:id/site/*')
  @AccountOrPreview()
  @ApiBearerAuth()
  @ApiQuery({ name: 'preview_token', required: false, description: 'Instead of the Authorization header, for one file' })
  @ApiOperation({ summary: 'A file of the generated site, served with a strict sandboxing CSP' })
  async siteFile(
    @CurrentPrincipal() principal: Principal,
    @Param('id', buildId) id: string,
    @Param('*') path: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    if (principal.kind === 'account') await this.builds.assertOwned(principal.accountId, id);
    send(reply, await this.files.file(id, path));
  }

  @Get('previews/:token/*')
  @Public()
  @ApiOperation({ summary: 'A file of a site through its preview link; relative links inside the site keep working' })
  async previewFile(@Param('token') token: string, @Param('*') path: string | undefined, @Res() reply: FastifyReply): Promise<void> {
    const id = this.previews.verify(token);
    if (!id) throw new ApiError(401, 'unauthorized', 'Invalid or expired preview link');
    send(reply, await this.files.file(id, path));
  }

  @Get('builds/:id/archive')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The generated site as a zip' })
  async archive(@AccountId() accountId: string, @Param('id', buildId) id: string, @Res() reply: FastifyReply): Promise<void> {
    await this.builds.assertOwned(accountId, id);
    const zip = await this.files.archive(id);
    void reply
      .header('content-type', 'application/zip')
      .header('content-disposition', `attachment; filename="autowebiq-${id}.zip"`)
      .header('cache-control', 'private, no-store')
      .send(zip);
  }
}

function send(reply: FastifyReply, file: SiteFile): void {
  void reply
    .header('content-type', file.contentType)
    .header('content-security-policy', SITE_CSP)
    .header('x-content-type-options', 'nosniff')
    // Links inside a preview would otherwise hand the token in the URL to the sites they lead to.
    .header('referrer-policy', 'no-referrer')
    .header('cache-control', 'private, max-age=300')
    .send(file.content);
}
