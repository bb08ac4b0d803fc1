import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const DOC = path.resolve(__dirname, '..', 'docs', 'benchmarks.md');
const PREAMBLE =
  '# Benchmarks\n\nEach section is written by its benchmark; numbers are from the last run on the machine named in it.\n\n';

/**
 * Replaces the section under `heading` (up to the next `## `) in docs/benchmarks.md, creating
 * the file or appending the section when needed, and leaves every other section alone.
 */
export function writeBenchmarkSection(heading: string, body: string[]): void {
  const section = [heading, '', ...body, '', `_Last run: ${new Date().toISOString()}._`, ''].join('\n');
  const current = existsSync(DOC) ? readFileSync(DOC, 'utf8') : PREAMBLE;
  const start = current.indexOf(`${heading}\n`);
  if (start === -1) {
    writeFileSync(DOC, `${current.trimEnd()}\n\n${section}`);
    return;
  }
  const after = current.indexOf('\n## ', start + heading.length);
  writeFileSync(
    DOC,
    current.slice(0, start) + section + (after === -1 ? '' : `\n${current.slice(after + 1)}`),
  );
}
