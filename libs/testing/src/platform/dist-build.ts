import { transformFile, type Options } from '@swc/core';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { REPO_ROOT } from './apps';

/**
 * The compiled tree every server app runs from: each app, lib and tool compiled by swc into `dist/`, mirroring
 * the sources (`apps/api-gateway/src/main.ts` → `dist/apps/api-gateway/src/main.js`), so production, `npm start`
 * and the test harness run plain JavaScript: the TypeScript register hook costs each process ~80 MB of RSS.
 * `@autowebiq/<lib>` imports become relative paths to the compiled lib (tsconfig's `paths`), which resolve
 * because dist mirrors the tree. Not compiled: specs, and apps/web (Vite builds it; the compiled gateway finds
 * it through the `dist/apps/web/dist` link). `npm run build` (tools/build.ts) runs it from the command line.
 */

const DIST = 'dist';
const STAMP = '.build-stamp.json';
const LOCK = '.build.lock';
/** Ours or another build's; a build takes seconds, so a lock this old belongs to a process that hung. */
const LOCK_STALE_MS = 120_000;
const SKIPPED_FILE = /\.(spec|system-spec|browser-spec)\.tsx?$|\.d\.ts$/;
/** Besides every source file, a change to these means the output would differ. */
const buildInputs = (root: string) => [
  path.join(root, 'tsconfig.base.json'),
  __filename,
  require.resolve('@swc/core/package.json'),
];

interface Stamp {
  /** Every input was last modified before this (ms since the epoch). */
  startedAt: number;
  files: string[];
  /** Data files the compiled code requires (an app's package.json), copied beside it. */
  assets: string[];
}

/** An import of a JSON file (an app's package.json) as swc emits it: a relative require. */
const DATA_REQUIRE = /\brequire\("(\.\.?\/[^"]+\.json)"\)/g;

export interface BuildResult {
  compiled: number;
  copied: number;
  ms: number;
}

function walk(dir: string, out: string[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && entry.name !== 'dist') walk(full, out);
    } else if (entry.isFile() && !SKIPPED_FILE.test(entry.name)) out.push(full);
  }
}

/** The files that go into dist, relative to `root`, sorted. */
function sourceFiles(root: string): string[] {
  const dirs = [path.join(root, 'tools')];
  for (const kind of ['apps', 'libs']) {
    for (const name of readdirSync(path.join(root, kind))) {
      const src = path.join(root, kind, name, 'src');
      if (!(kind === 'apps' && name === 'web') && existsSync(src)) dirs.push(src);
    }
  }
  const files: string[] = [];
  for (const dir of dirs) walk(dir, files);
  return files.map((f) => path.relative(root, f)).sort();
}

const isTypeScript = (file: string) => /\.tsx?$/.test(file);
/** Where a source file (relative to the root) lands in dist, relative to the root. */
export const compiledPath = (file: string) =>
  path.join(DIST, isTypeScript(file) ? file.replace(/\.tsx?$/, '.js') : file);

function swcOptions(root: string, file: string, paths: Record<string, string[]>): Options {
  const output = path.join(root, compiledPath(file));
  return {
    swcrc: false,
    configFile: false,
    filename: path.join(root, file),
    // The map names the source relative to the output, so it resolves inside the repo and in the image alike.
    sourceFileName: path.relative(path.dirname(output), path.join(root, file)),
    sourceMaps: true,
    inlineSourcesContent: false,
    jsc: {
      parser: { syntax: 'typescript', decorators: true, tsx: file.endsWith('.tsx') },
      // As tsconfig.base.json asks and @swc-node/register did: Nest's injection reads design:paramtypes.
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: true },
      target: 'es2022',
      keepClassNames: true,
      baseUrl: root,
      paths,
    },
    module: { type: 'commonjs' },
  };
}

/** Writes through a temporary file, so a process starting meanwhile reads the old file or the new one, never half. */
function writeAtomic(file: string, data: string | Buffer): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, file);
}

/** Files of earlier builds whose source is gone; another build's temporary files are left to it. */
function removeOrphans(dir: string, keep: Set<string>): void {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) removeOrphans(full, keep);
    else if (!keep.has(full) && !entry.name.endsWith('.tmp')) rmSync(full, { force: true });
  }
}

const WEB_LINK = path.join(DIST, 'apps', 'web', 'dist');
const WEB_TARGET = path.join('..', '..', '..', 'apps', 'web', 'dist');

/** The compiled gateway serves the SPA from `../web/dist` beside its own tree, as the uncompiled one does. */
function linkWebDist(root: string): void {
  const link = path.join(root, WEB_LINK);
  try {
    if (readlinkSync(link) === WEB_TARGET) return;
  } catch {
    // Not there yet, or not a link.
  }
  mkdirSync(path.dirname(link), { recursive: true });
  const tmp = `${link}.${process.pid}.tmp`;
  rmSync(tmp, { force: true });
  symlinkSync(WEB_TARGET, tmp);
  rmSync(link, { recursive: true, force: true });
  renameSync(tmp, link);
}

/** Compiles everything into dist. Callers may race each other, so they go through buildDist. */
async function compileAll(root: string): Promise<BuildResult> {
  const started = Date.now();
  const stampFile = path.join(root, DIST, STAMP);
  rmSync(stampFile, { force: true });
  const files = sourceFiles(root);
  const outputs = new Set<string>([path.join(root, WEB_LINK), stampFile, path.join(root, DIST, LOCK)]);
  const assets = new Set<string>();
  const { paths } = JSON.parse(readFileSync(path.join(root, 'tsconfig.base.json'), 'utf8')).compilerOptions;
  let compiled = 0;
  await Promise.all(
    files.map(async (file) => {
      const output = path.join(root, compiledPath(file));
      outputs.add(output);
      if (!isTypeScript(file)) {
        writeAtomic(output, readFileSync(path.join(root, file)));
        return;
      }
      const { code, map } = await transformFile(path.join(root, file), swcOptions(root, file, paths));
      for (const [, required] of code.matchAll(DATA_REQUIRE))
        assets.add(path.relative(root, path.resolve(root, path.dirname(file), required)));
      outputs.add(`${output}.map`);
      writeAtomic(output, `${code}\n//# sourceMappingURL=${path.basename(output)}.map\n`);
      writeAtomic(`${output}.map`, map!);
      compiled++;
    }),
  );
  for (const asset of assets) {
    const output = path.join(root, DIST, asset);
    outputs.add(output);
    writeAtomic(output, readFileSync(path.join(root, asset)));
  }
  for (const top of ['apps', 'libs', 'tools']) removeOrphans(path.join(root, DIST, top), outputs);
  linkWebDist(root);
  const stamp: Stamp = { startedAt: started, files, assets: [...assets].sort() };
  writeAtomic(stampFile, JSON.stringify(stamp));
  return { compiled, copied: files.length - compiled + assets.size, ms: Date.now() - started };
}

/** True when dist was built from the sources as they are now (same files, none modified since, outputs there). */
export function isDistFresh(root = REPO_ROOT): boolean {
  try {
    const stamp = JSON.parse(readFileSync(path.join(root, DIST, STAMP), 'utf8')) as Stamp;
    const files = sourceFiles(root);
    if (files.join('\n') !== stamp.files.join('\n')) return false;
    const inputs = [...files, ...stamp.assets].map((f) => path.join(root, f));
    return (
      [...inputs, ...buildInputs(root)].every((f) => statSync(f).mtimeMs < stamp.startedAt) &&
      files.every((f) => existsSync(path.join(root, compiledPath(f))))
    );
  } catch {
    return false;
  }
}

function tryLock(lockFile: string): boolean {
  try {
    closeSync(openSync(lockFile, 'wx'));
    writeFileSync(lockFile, String(process.pid));
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  try {
    const holder = Number(readFileSync(lockFile, 'utf8'));
    const fresh = Date.now() - statSync(lockFile).mtimeMs < LOCK_STALE_MS;
    // A holder that died leaves its lock behind. Two waiters may both clear it and both build: harmless, as
    // every file is written atomically with the same content; the lock only saves the duplicate work.
    if (!(fresh && (!holder || isAlive(holder)))) rmSync(lockFile, { force: true });
  } catch {
    // Released meanwhile: try again.
  }
  return false;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Builds dist unless it is fresh (or always, with `force`). Safe to call from parallel processes (test files,
 * a launcher): one builds while the others wait for it, and nobody goes on with output older than its sources.
 * Resolves to the build's figures, or undefined when dist was already fresh.
 */
export async function buildDist(
  opts: { root?: string; force?: boolean } = {},
): Promise<BuildResult | undefined> {
  const root = opts.root ?? REPO_ROOT;
  if (!opts.force && isDistFresh(root)) return undefined;
  mkdirSync(path.join(root, DIST), { recursive: true });
  const lockFile = path.join(root, DIST, LOCK);
  while (!tryLock(lockFile)) await sleep(100);
  try {
    return !opts.force && isDistFresh(root) ? undefined : await compileAll(root);
  } finally {
    rmSync(lockFile, { force: true });
  }
}
