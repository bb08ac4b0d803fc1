import { Injectable } from '@nestjs/common';
import JSZip from 'jszip';
import { DataSource } from 'typeorm';
import { notFound } from '../errors/api-error';

export interface SiteFile {
  contentType: string;
  content: Buffer;
}

const MAX_PATH = 512;

/**
 * The file a URL path names inside a site, or null. Paths are looked up as
 * stored keys, never touch a filesystem, and anything with dot segments,
 * backslashes or NUL is refused rather than interpreted.
 */
export function sitePath(raw: string | undefined): string | null {
  let path = (raw ?? '').replace(/^\/+/, '');
  if (path === '' || path.endsWith('/')) path += 'index.html';
  if (path.length > MAX_PATH || /[\0\\]/.test(path)) return null;
  if (path.split('/').some((segment) => segment === '' || segment === '.' || segment === '..')) return null;
  return path;
}

/** A build's generated files, stored in Postgres by the frontend worker. */
@Injectable()
export class SiteFilesService {
  constructor(private readonly db: DataSource) {}

  async file(buildId: string, rawPath: string | undefined): Promise<SiteFile> {
    const path = sitePath(rawPath);
    if (!path) throw notFound('File');
    const [row]: { content_type: string; content: Buffer }[] = await this.db.query(
      `SELECT content_type, content FROM build_files WHERE build_id = $1 AND path = $2`,
      [buildId, path],
    );
    if (!row) throw notFound('File');
    return { contentType: row.content_type, content: row.content };
  }

  /** The whole site as a zip, or 404 while the build has no files. */
  async archive(buildId: string): Promise<Buffer> {
    const rows: { path: string; content: Buffer }[] = await this.db.query(`SELECT path, content FROM build_files WHERE build_id = $1 ORDER BY path`, [
      buildId,
    ]);
    if (rows.length === 0) throw notFound('Site');
    const zip = new JSZip();
    for (const row of rows) zip.file(row.path, row.content);
    return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 6 } });
  }
}
