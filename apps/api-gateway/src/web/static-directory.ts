import { createReadStream, type ReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
};

export interface StaticFile {
  stream: () => ReadStream;
  contentType: string;
  size: number;
  etag: string;
  /** Whether the name carries a content hash (Vite's `assets/name-<hash>.js`), so it may be cached for good. */
  immutable: boolean;
}

/**
 * Files under one directory, by URL path. The resolved real path must stay inside
 * the directory: `..`, encoded dots and symlinks pointing out all come back null.
 */
export class StaticDirectory {
  private rootReal?: Promise<string | null>;

  constructor(readonly root: string) {}

  async find(urlPath: string): Promise<StaticFile | null> {
    let decoded: string;
    try {
      decoded = decodeURIComponent(urlPath.split('?')[0]);
    } catch {
      return null;
    }
    if (decoded.includes('\0') || decoded.includes('\\')) return null;
    const root = await (this.rootReal ??= realpath(this.root).catch(() => null));
    if (!root) return null;
    const candidate = path.resolve(root, `.${path.posix.normalize(`/${decoded}`)}`);
    try {
      const real = await realpath(candidate);
      if (real !== root && !real.startsWith(root + path.sep)) return null;
      const info = await stat(real);
      if (!info.isFile()) return null;
      const ext = path.extname(real).toLowerCase();
      return {
        stream: () => createReadStream(real),
        contentType: CONTENT_TYPES[ext] ?? 'application/octet-stream',
        size: info.size,
        etag: `W/"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`,
        immutable: /[.-][A-Za-z0-9_-]{8,}\.(js|css|woff2?|svg|png|jpe?g|webp)$/.test(real) && real.includes(`${path.sep}assets${path.sep}`),
      };
    } catch {
      return null;
    }
  }
}
