import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import ts from 'typescript';
import { buildSdk, SDK_DIR } from '../../tools/build-sdk';

const ROOT = path.resolve(__dirname, '..', '..');

/**
 * What a user of the published SDK gets, checked outside the monorepo: the package as `npm pack` makes it,
 * unpacked into a temporary node_modules beside only its declared dependencies (linked from the root's), loaded by
 * plain `node` from CommonJS and from an ES module, and compiled against by tsc as a consumer would.
 */
describe('@autowebiq/sdk as published', () => {
  let tmp: string;
  let files: string[];
  let server: Server;
  let api: string;

  beforeAll(async () => {
    await buildSdk();
    // os.tmpdir(), not inside the repo: nothing of the monorepo's node_modules is reachable from there.
    tmp = mkdtempSync(path.join(os.tmpdir(), 'autowebiq-sdk-'));
    const [packed] = JSON.parse(
      execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', tmp], {
        cwd: SDK_DIR,
        encoding: 'utf8',
      }),
    ) as { filename: string; files: { path: string }[] }[];
    files = packed.files.map((f) => f.path).sort();
    const modules = path.join(tmp, 'node_modules');
    const pkg = path.join(modules, '@autowebiq', 'sdk');
    mkdirSync(pkg, { recursive: true });
    execFileSync('tar', ['-xzf', path.join(tmp, packed.filename), '-C', pkg, '--strip-components=1']);
    const { dependencies } = JSON.parse(readFileSync(path.join(pkg, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    for (const dep of Object.keys(dependencies))
      symlinkSync(path.join(ROOT, 'node_modules', dep), path.join(modules, dep));

    server = createServer((req, res) => {
      const authorized = req.headers.authorization === 'Bearer awq_test';
      const found = authorized && req.method === 'GET' && req.url === '/v1/balance';
      res.writeHead(found ? 200 : authorized ? 404 : 401, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify(
          found
            ? {
                credits: 4.53,
                held: 0,
                total: 4.53,
                credits_micro: '4525000',
                held_micro: '0',
                total_micro: '4525000',
              }
            : { error: { code: authorized ? 'not_found' : 'unauthorized', message: 'no' } },
        ),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    api = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }, 60_000);

  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('packs the build, the declarations and the README, not the sources or tests', () => {
    expect(files).toEqual(
      expect.arrayContaining([
        'README.md',
        'package.json',
        'dist/cjs/index.js',
        'dist/esm/index.js',
        'dist/types/index.d.ts',
        'dist/types/contracts/index.d.ts',
      ]),
    );
    expect(files.filter((f) => !/^(dist\/|README\.md$|package\.json$)/.test(f))).toEqual([]);
    expect(files.filter((f) => /spec|test|\.ts$/.test(f) && !f.endsWith('.d.ts'))).toEqual([]);
  });

  /** The same check from both module systems: which file loaded, what it computes, a request to a live server. */
  const check = `
    async function check(sdk, entry) {
      const require = createRequire(path.join(process.cwd(), 'node_modules', '@autowebiq', 'sdk', 'package.json'));
      let contracts = 'resolvable';
      try { require.resolve('@autowebiq/contracts'); } catch { contracts = 'missing'; }
      const client = new sdk.AutoWebIQ({ baseUrl: process.env.API, apiKey: 'awq_test' });
      const missing = await client.getBuild('b_1').catch((e) => e);
      return {
        entry: path.relative(process.cwd(), entry),
        contracts,
        formatted: sdk.formatCredits('4525000'),
        balance: await client.balance(),
        missing: [missing instanceof sdk.NotFoundError, missing.name, missing.code],
      };
    }`;
  const scripts = {
    'check.cjs': `const path = require('node:path'); const { createRequire } = require('node:module'); ${check}
      check(require('@autowebiq/sdk'), require.resolve('@autowebiq/sdk')).then((r) => console.log(JSON.stringify(r)));`,
    'check.mjs': `import path from 'node:path'; import { createRequire } from 'node:module'; import * as sdk from '@autowebiq/sdk'; ${check}
      console.log(JSON.stringify(await check(sdk, new URL(import.meta.resolve('@autowebiq/sdk')).pathname)));`,
  };

  it.each([
    ['check.cjs', 'node_modules/@autowebiq/sdk/dist/cjs/index.js'],
    ['check.mjs', 'node_modules/@autowebiq/sdk/dist/esm/index.js'],
  ])('works in plain JavaScript: %s loads %s', async (script, entry) => {
    writeFileSync(path.join(tmp, script), scripts[script as keyof typeof scripts]);
    const env = { PATH: process.env.PATH, API: api };
    const { stdout } = await promisify(execFile)(process.execPath, [script], { cwd: tmp, env });
    expect(JSON.parse(stdout)).toEqual({
      entry,
      contracts: 'missing',
      formatted: '4.53',
      balance: expect.objectContaining({ credits: 4.53, credits_micro: '4525000' }),
      missing: [true, 'NotFoundError', 'not_found'],
    });
  });

  it("gives TypeScript consumers the SDK's and the contracts' types, from CommonJS and ES modules", () => {
    const consumer = `
      import { AutoWebIQ, formatCredits, type BalanceResponse, type BuildStatus } from '@autowebiq/sdk';
      const client = new AutoWebIQ({ baseUrl: 'http://127.0.0.1', apiKey: 'k' });
      export const micro: Promise<string> = client.balance().then((b: BalanceResponse) => b.credits_micro);
      export const status: BuildStatus = 'over_budget';
      // @ts-expect-error not a build status: the contracts' types arrive precise, not as any
      export const wrong: BuildStatus = 'paused';
      export const text: string = formatCredits('1');`;
    const roots = ['consumer.cts', 'consumer.mts'].map((f) => path.join(tmp, f));
    for (const f of roots) writeFileSync(f, consumer);
    const program = ts.createProgram(roots, {
      module: ts.ModuleKind.Node16,
      moduleResolution: ts.ModuleResolutionKind.Node16,
      target: ts.ScriptTarget.ES2022,
      lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
      strict: true,
      noEmit: true,
      types: [],
    });
    const problems = ts
      .getPreEmitDiagnostics(program)
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(problems).toEqual([]);
  });
});
