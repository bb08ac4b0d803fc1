import { existsSync } from 'node:fs';
import path from 'node:path';

/** The server apps, in start order: the gateway last so its /readyz means the others had a head start. */
export const SERVER_APPS = [
  'realtime',
  'billing',
  'worker-planner',
  'worker-image',
  'worker-frontend',
  'worker-testing',
  'api-gateway',
] as const;
export type AppName = (typeof SERVER_APPS)[number];

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..', '..');

/** Short names for log prefixes: `[gateway] listening`. */
export const APP_LABELS: Record<AppName, string> = {
  'api-gateway': 'gateway',
  realtime: 'realtime',
  billing: 'billing',
  'worker-planner': 'planner',
  'worker-image': 'image',
  'worker-frontend': 'frontend',
  'worker-testing': 'testing',
};

/** An app's TypeScript entry: what exists decides which apps run. */
export const appEntry = (app: AppName, root = REPO_ROOT) => path.join(root, 'apps', app, 'src', 'main.ts');

/** What `npm run build` (tools/build.ts) makes of appEntry. */
export const compiledEntry = (app: AppName, root = REPO_ROOT) =>
  path.join(root, 'dist', 'apps', app, 'src', 'main.js');

/** Apps whose code exists yet; the rest join once they are written. */
export const existingApps = (root = REPO_ROOT): AppName[] =>
  SERVER_APPS.filter((app) => existsSync(appEntry(app, root)));

/**
 * `compiled`: the JavaScript in dist (build it first), as production runs it. `typescript`: the sources through
 * the swc register hook, which needs no build but costs every process ~80 MB more resident memory.
 */
export type AppRuntime = 'compiled' | 'typescript';

/**
 * V8 flags every app runs with: here, and in the Docker image's CMD. Semi-spaces capped at 2 MB (V8 grows
 * them to 16 MB by default) keep each idle process ~23 MB smaller, which brings every app under 120 MB; 1 MB
 * saves only 3 MB more for twice the scavenges. bench/pipeline measures both (docs/benchmarks.md, Pipeline).
 * Source maps stay off (+12 MB per process): NODE_OPTIONS=--enable-source-maps turns them on for TypeScript
 * lines in stack traces.
 */
export const APP_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=2'];

/**
 * The two apps on the hot path of every request and every usage event hold many requests (or a 5,000-event
 * batch) at once; with 2 MB semi-spaces those objects outlive scavenges, get promoted and cost full
 * collections. Each gets the largest young generation that keeps it idle under the 120 MB target (bench/pipeline):
 * the gateway 4 MB (idle +4 MB; 8 MB would save more CPU but idle at ~124 MB), billing 8 MB. bench/reserve
 * measured 1.6–1.75 ms of gateway CPU per reservation with 2 MB, 1.15–1.5 with 4, ~1.0 with 8 or 16;
 * bench/billing 25–35% more billing CPU per event with 2 MB than with V8's default 16 (docs/benchmarks.md).
 */
export const HOT_PATH_NODE_FLAGS: Readonly<Partial<Record<AppName, readonly string[]>>> = {
  'api-gateway': ['--max-semi-space-size=4'],
  billing: ['--max-semi-space-size=8'],
};

/** The V8 flags an app runs with: here, in `npm start` and in the Docker image (NODE_FLAGS build arg). */
export const appNodeFlags = (app: AppName): readonly string[] => HOT_PATH_NODE_FLAGS[app] ?? APP_NODE_FLAGS;

export interface AppLaunch {
  runtime?: AppRuntime;
  nodeFlags?: readonly string[];
}

/** How to start an app (by default compiled, with appNodeFlags); it stops when its parent is gone. */
export function appCommand(app: AppName, launch: AppLaunch = {}, root = REPO_ROOT) {
  const { runtime = 'compiled', nodeFlags = appNodeFlags(app) } = launch;
  const preload = ['-r', path.join(__dirname, 'exit-with-parent.js')];
  const entry =
    runtime === 'compiled' ? [compiledEntry(app, root)] : ['-r', '@swc-node/register', appEntry(app, root)];
  return { command: process.execPath, args: [...nodeFlags, ...preload, ...entry] };
}

export interface AppPorts {
  PORT: number;
  REALTIME_PORT: number;
  HEALTH_PORT: number;
}

/** Where an app says it is ready: the gateway's readiness checks Postgres and Redis, the others are alive checks. */
export function healthUrl(app: AppName, ports: AppPorts, host = '127.0.0.1'): string {
  if (app === 'api-gateway') return `http://${host}:${ports.PORT}/readyz`;
  if (app === 'realtime') return `http://${host}:${ports.REALTIME_PORT}/healthz`;
  return `http://${host}:${ports.HEALTH_PORT}/healthz`;
}
