import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { StaticDirectory } from './static-directory';

describe('StaticDirectory', () => {
  let base: string;
  let dir: StaticDirectory;

  beforeAll(() => {
    base = mkdtempSync(path.join(os.tmpdir(), 'awq-static-'));
    mkdirSync(path.join(base, 'dist', 'assets'), { recursive: true });
    writeFileSync(path.join(base, 'dist', 'index.html'), '<!doctype html>');
    writeFileSync(path.join(base, 'dist', 'assets', 'app-1a2b3c4d.js'), 'x');
    writeFileSync(path.join(base, 'dist', 'logo.svg'), '<svg/>');
    writeFileSync(path.join(base, 'secret.txt'), 'secret');
    symlinkSync(path.join(base, 'secret.txt'), path.join(base, 'dist', 'link.txt'));
    dir = new StaticDirectory(path.join(base, 'dist'));
  });

  afterAll(() => rmSync(base, { recursive: true, force: true }));

  it('finds files with their content type and marks hashed assets immutable', async () => {
    expect(await dir.find('/index.html')).toMatchObject({ contentType: 'text/html; charset=utf-8', immutable: false, size: 15 });
    expect(await dir.find('/assets/app-1a2b3c4d.js')).toMatchObject({ contentType: 'text/javascript; charset=utf-8', immutable: true });
    expect(await dir.find('/logo.svg')).toMatchObject({ contentType: 'image/svg+xml', immutable: false });
  });

  it.each(['/../secret.txt', '/%2e%2e/secret.txt', '/assets/../../secret.txt', '/link.txt', '/assets', '/missing', '/%E0%A4%A', '/a%00b', '/..\\secret.txt'])(
    'finds nothing for %p',
    async (p) => {
      expect(await dir.find(p)).toBeNull();
    },
  );

  it('a directory that does not exist has no files', async () => {
    expect(await new StaticDirectory(path.join(base, 'nope')).find('/index.html')).toBeNull();
  });
});
