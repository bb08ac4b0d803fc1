import { execFileSync, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { REPO_ROOT, SERVER_APPS, appEntry, compiledEntry } from './apps';
import { buildDist, compiledPath, isDistFresh } from './dist-build';

/** A small monorepo of the same shape as ours: an app importing a lib by its @autowebiq name. */
const FIXTURE: Record<string, string> = {
  'tsconfig.base.json': JSON.stringify({
    compilerOptions: { paths: { '@autowebiq/greet': ['libs/greet/src/index.ts'] } },
  }),
  'libs/greet/src/index.ts': `export { greet } from './greet';\n`,
  'libs/greet/src/greet.ts': `export const greet = (name: string): string => \`hello \${name}\`;\n`,
  'libs/greet/src/greet.spec.ts': `throw new Error('specs are not compiled');\n`,
  'apps/hello/package.json': JSON.stringify({ version: '1.2.3' }),
  'apps/hello/src/main.ts': `
import { greet } from '@autowebiq/greet';
import { version } from '../package.json';
import { Dep } from './dep';
const seen: unknown[] = [];
// What reflect-metadata would record; enough to see that design:paramtypes is emitted.
(Reflect as unknown as { metadata: unknown }).metadata = (key: string, value: unknown) => () => {
  seen.push([key, value]);
};
const Injectable = (): ClassDecorator => () => undefined;
@Injectable()
class Service {
  constructor(readonly dep: Dep) {}
}
const paramtypes = seen.find((s) => (s as unknown[])[0] === 'design:paramtypes') as [string, unknown[]];
console.log(JSON.stringify([greet('world'), version, Service.name, paramtypes[1][0] === Dep]));
`,
  'apps/hello/src/dep.ts': `export class Dep {}\n`,
  'apps/web/src/main.ts': `throw new Error('Vite builds the web app');\n`,
  'tools/task.ts': `export const task = 1;\n`,
};

describe('buildDist', () => {
  let root: string;
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  };
  /** Marks a file changed after the last build: a build stamps its start in whole milliseconds. */
  /**
   * Changes a file's mtime to now, strictly after the last build started and before the next one does: a file
   * stamped in the very millisecond a build starts counts as changed after it (the safe side), which made the
   * next build look stale now and then.
   */
  const touch = async (file: string) => {
    await sleep(5);
    const now = new Date();
    utimesSync(path.join(root, file), now, now);
    await sleep(5);
  };
  const run = (file: string) => execFileSync(process.execPath, [path.join(root, file)], { encoding: 'utf8' });

  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'awq-dist-build-'));
    // Written a while ago, as sources usually are when a build starts.
    const earlier = new Date(Date.now() - 60_000);
    for (const [file, text] of Object.entries(FIXTURE)) {
      write(file, text);
      utimesSync(path.join(root, file), earlier, earlier);
    }
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('compiles apps, libs and tools into a mirrored tree that runs on plain node', async () => {
    const result = await buildDist({ root });
    expect(result).toMatchObject({ compiled: 5, copied: 1 });
    expect(JSON.parse(run('dist/apps/hello/src/main.js'))).toEqual(['hello world', '1.2.3', 'Service', true]);
    expect(existsSync(path.join(root, 'dist/tools/task.js'))).toBe(true);
    expect(existsSync(path.join(root, 'dist/libs/greet/src/greet.spec.js'))).toBe(false);
    expect(existsSync(path.join(root, 'dist/apps/web/src/main.js'))).toBe(false);
    expect(readlinkSync(path.join(root, 'dist/apps/web/dist'))).toBe(
      path.join('..', '..', '..', 'apps', 'web', 'dist'),
    );
    const map = JSON.parse(readFileSync(path.join(root, 'dist/apps/hello/src/main.js.map'), 'utf8'));
    expect(map.sources).toEqual(['../../../../apps/hello/src/main.ts']);
  });

  it('rebuilds only when a source, data file or the build setup changed, and drops what was deleted', async () => {
    await buildDist({ root });
    expect(isDistFresh(root)).toBe(true);
    expect(await buildDist({ root })).toBeUndefined();

    write('libs/greet/src/greet.ts', `export const greet = (name: string): string => \`hi \${name}\`;\n`);
    await touch('libs/greet/src/greet.ts');
    expect(isDistFresh(root)).toBe(false);
    expect(await buildDist({ root })).toBeDefined();
    expect(JSON.parse(run('dist/apps/hello/src/main.js'))[0]).toBe('hi world');

    for (const input of ['apps/hello/package.json', 'tsconfig.base.json']) {
      await touch(input);
      expect({ input, fresh: isDistFresh(root) }).toEqual({ input, fresh: false });
      await buildDist({ root });
      expect(isDistFresh(root)).toBe(true);
    }

    rmSync(path.join(root, 'tools/task.ts'));
    expect(isDistFresh(root)).toBe(false);
    await buildDist({ root });
    expect(existsSync(path.join(root, 'dist/tools/task.js'))).toBe(false);

    rmSync(path.join(root, 'dist/apps/hello/src/dep.js'));
    expect(isDistFresh(root)).toBe(false);
  });

  it('lets one of several concurrent callers build while the others wait for its result', async () => {
    const results = await Promise.all([buildDist({ root }), buildDist({ root }), buildDist({ root })]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(isDistFresh(root)).toBe(true);
    expect(existsSync(path.join(root, 'dist/.build.lock'))).toBe(false);
  });

  it('takes over the lock of a build that died', async () => {
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    write('dist/.build.lock', String(dead));
    expect(await buildDist({ root })).toBeDefined();
    expect(isDistFresh(root)).toBe(true);
  });

  it('maps each app entry to the compiled entry the harness and the Docker image start', () => {
    for (const app of SERVER_APPS) {
      const source = path.relative(REPO_ROOT, appEntry(app));
      expect(path.join(REPO_ROOT, compiledPath(source))).toBe(compiledEntry(app));
    }
  });
});
