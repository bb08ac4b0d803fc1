import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { README, readmeWithTable } from '../../tools/env-table';

describe('README.md', () => {
  const readme = readFileSync(README, 'utf8');

  it('has the configuration table of the current env schema (run tools/env-table.ts --write when this fails)', () => {
    expect(readme).toBe(readmeWithTable(readme));
  });

  it('gives the two commands a new user needs, verbatim', () => {
    expect(readme).toContain('```sh\nnpm ci && npm start\n```');
    expect(readme).toContain('```sh\nnpm test\n```');
  });

  it('links only to docs that exist', () => {
    for (const [, target] of readme.matchAll(/\]\(((?:docs|apps|libs)\/[^)#]+)\)/g)) {
      expect({ target, exists: existsSync(path.join(path.dirname(README), target)) }).toEqual({
        target,
        exists: true,
      });
    }
  });
});
