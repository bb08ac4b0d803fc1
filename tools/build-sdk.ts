import { transformFile, type Options } from '@swc/core';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/**
 * `npm run build -w @autowebiq/sdk` (and `npm pack`/`npm publish` through its prepack): compiles libs/sdk into
 * the publishable `libs/sdk/dist`, with no bundler:
 *
 *   dist/cjs/*.js    CommonJS (swc), dist/esm/*.js ES modules (swc, relative imports ending in .js)
 *   dist/types/*.d.ts declarations (tsc)
 *
 * `@autowebiq/contracts` is a private workspace package, so its sources are compiled into each tree's
 * `contracts/` folder and the SDK's imports of it are pointed there: at runtime the SDK takes one constant from
 * it (TERMINAL_BUILD_STATUSES), and its declarations carry the wire types (zod inferences) consumers see.
 * The monorepo itself never runs this output: it resolves the SDK's TypeScript source (see the package's
 * `@autowebiq/source` export condition).
 */

const ROOT = path.resolve(__dirname, '..');
export const SDK_DIR = path.join(ROOT, 'libs', 'sdk');
const CONTRACTS_DIR = path.join(ROOT, 'libs', 'contracts');
const CONTRACTS = '@autowebiq/contracts';
/** SDK files sit at the top of their tree and contracts in its `contracts/` folder, so one specifier serves all. */
const CONTRACTS_IN_DIST = './contracts/index.js';
const WORKSPACE_SPECIFIER = /(["'])@autowebiq\/[^"']*\1/;
const SKIPPED = /\.spec\.ts$|\.d\.ts$/;

type Format = 'cjs' | 'esm';

const sources = (dir: string) =>
  readdirSync(path.join(dir, 'src'))
    .filter((f) => f.endsWith('.ts') && !SKIPPED.test(f))
    .sort()
    .map((f) => path.join(dir, 'src', f));

const pointAtBundledContracts = (code: string) =>
  code.replace(/(["'])@autowebiq\/contracts\1/g, `"${CONTRACTS_IN_DIST}"`);

function swcOptions(file: string, format: Format): Options {
  return {
    swcrc: false,
    configFile: false,
    filename: file,
    jsc: {
      parser: { syntax: 'typescript' },
      target: 'es2022',
      // Errors are told apart by class name (AutoWebIQError subclasses); keep them through consumers' minifiers.
      keepClassNames: true,
      baseUrl: path.dirname(file),
    },
    // Node's ES module loader wants full relative specifiers ('./client.js'); resolveFully writes them.
    module: format === 'esm' ? { type: 'es6', resolveFully: true } : { type: 'commonjs' },
  };
}

function writeFile(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

async function compileJs(out: string, format: Format): Promise<void> {
  const tree = path.join(out, format);
  const jobs = [
    ...sources(SDK_DIR).map((f) => ({ file: f, dest: tree })),
    ...sources(CONTRACTS_DIR).map((f) => ({ file: f, dest: path.join(tree, 'contracts') })),
  ];
  await Promise.all(
    jobs.map(async ({ file, dest }) => {
      const { code } = await transformFile(file, swcOptions(file, format));
      writeFile(path.join(dest, path.basename(file, '.ts') + '.js'), pointAtBundledContracts(code));
    }),
  );
  // Each tree says its own module format, whatever a consumer's or this package's "type" is.
  writeFile(
    path.join(tree, 'package.json'),
    JSON.stringify({ type: format === 'esm' ? 'module' : 'commonjs' }) + '\n',
  );
}

/** Declarations of the SDK and of the contracts it re-exports, type-checked on the way (as a consumer compiles). */
function emitDeclarations(out: string): void {
  const base = JSON.parse(readFileSync(path.join(ROOT, 'tsconfig.base.json'), 'utf8')).compilerOptions;
  const { options, errors } = ts.convertCompilerOptionsFromJson(base, ROOT);
  const libs = path.join(ROOT, 'libs');
  // Only named: the writer below places each declaration, so nothing is written here.
  const staging = path.join(out, 'tsc');
  const program = ts.createProgram(sources(SDK_DIR), {
    ...options,
    noEmit: false,
    declaration: true,
    emitDeclarationOnly: true,
    sourceMap: false,
    rootDir: libs,
    outDir: staging,
    // No ambient @types (node, jest): the SDK promises to need only fetch, socket.io-client and zod.
    types: [],
  });
  const diagnostics = [...errors, ...ts.getPreEmitDiagnostics(program)];
  const emitted = program.emit(undefined, (file, text) => {
    const rel = path.relative(staging, file);
    const [lib, , ...rest] = rel.split(path.sep);
    if (lib !== 'sdk' && lib !== 'contracts') throw new Error(`unexpected declaration ${rel}`);
    const dest = lib === 'sdk' ? path.join(out, 'types') : path.join(out, 'types', 'contracts');
    writeFile(path.join(dest, ...rest), pointAtBundledContracts(text));
  });
  diagnostics.push(...emitted.diagnostics);
  if (diagnostics.length)
    throw new Error(
      ts.formatDiagnostics(diagnostics, {
        getCanonicalFileName: (f) => f,
        getCurrentDirectory: () => ROOT,
        getNewLine: () => '\n',
      }),
    );
}

/** Anything still naming a workspace package would fail to load once published. */
function assertSelfContained(dir: string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    const found = readFileSync(file, 'utf8').match(WORKSPACE_SPECIFIER);
    if (found) throw new Error(`${path.relative(dir, file)} still imports ${found[0]}`);
  }
}

/** Builds into a private folder and swaps it in, so a concurrent build or reader never sees half a dist. */
export async function buildSdk(): Promise<{ ms: number }> {
  const started = Date.now();
  const out = path.join(SDK_DIR, `dist.${process.pid}.tmp`);
  rmSync(out, { recursive: true, force: true });
  try {
    emitDeclarations(out);
    await Promise.all([compileJs(out, 'cjs'), compileJs(out, 'esm')]);
    assertSelfContained(out);
    const dist = path.join(SDK_DIR, 'dist');
    const old = `${dist}.${process.pid}.old`;
    if (existsSync(dist)) renameSync(dist, old);
    try {
      renameSync(out, dist);
    } catch (e) {
      // A concurrent build swapped its dist in between: built from the same sources, it serves as well as ours.
      if (!['ENOTEMPTY', 'EEXIST'].includes((e as NodeJS.ErrnoException).code ?? '')) throw e;
    }
    rmSync(old, { recursive: true, force: true });
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  return { ms: Date.now() - started };
}

if (require.main === module) {
  buildSdk().then(
    ({ ms }) =>
      console.log(`built ${path.relative(ROOT, SDK_DIR)}/dist in ${ms} ms (${CONTRACTS} compiled in)`),
    (e: Error) => {
      console.error(e.message);
      process.exit(1);
    },
  );
}
