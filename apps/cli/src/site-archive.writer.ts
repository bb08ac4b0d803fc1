import JSZip from 'jszip';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Unpacks the build's zip into `dir` and returns the paths written. An entry
 * that would land outside `dir` (`../`, an absolute path) is refused: the
 * archive comes over the network and must not write anywhere else.
 */
export async function writeSiteArchive(zipBytes: ArrayBuffer, dir: string): Promise<string[]> {
  const root = path.resolve(dir);
  const zip = await JSZip.loadAsync(zipBytes);
  const written: string[] = [];
  for (const entry of Object.values(zip.files)) {
    if (entry.dir) continue;
    const target = path.resolve(root, entry.name);
    if (!target.startsWith(root + path.sep))
      throw new Error(`the archive holds a path outside the site: ${entry.name}`);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, await entry.async('nodebuffer'));
    written.push(path.relative(root, target));
  }
  return written;
}
