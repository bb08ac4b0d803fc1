import JSZip from 'jszip';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { writeSiteArchive } from './site-archive.writer';

let dir: string;
beforeEach(async () => (dir = await mkdtemp(path.join(os.tmpdir(), 'awq-site-'))));
afterEach(() => rm(dir, { recursive: true, force: true }));

const zipOf = async (files: Record<string, string>) => {
  const zip = new JSZip();
  for (const [name, text] of Object.entries(files)) zip.file(name, text);
  return zip.generateAsync({ type: 'arraybuffer' });
};

describe('writeSiteArchive', () => {
  it('writes every file of the archive under the directory', async () => {
    const written = await writeSiteArchive(
      await zipOf({ 'index.html': '<h1>hi</h1>', 'assets/site.css': 'body{}' }),
      dir,
    );
    expect(written.sort()).toEqual(['assets/site.css', 'index.html']);
    expect(await readFile(path.join(dir, 'assets/site.css'), 'utf8')).toBe('body{}');
  });

  it('keeps an entry named ../ inside the directory', async () => {
    const zip = new JSZip();
    zip.file('../escape.txt', 'x', { createFolders: false });
    const site = path.join(dir, 'site');
    const written = await writeSiteArchive(await zip.generateAsync({ type: 'arraybuffer' }), site);
    expect(written).toEqual(['escape.txt']);
    await expect(readFile(path.join(dir, 'escape.txt'))).rejects.toThrow(/ENOENT/);
    expect(await readFile(path.join(site, 'escape.txt'), 'utf8')).toBe('x');
  });
});
