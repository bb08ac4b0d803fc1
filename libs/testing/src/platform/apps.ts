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

export const appEntry = (app: AppName, root = REPO_ROOT) => path.join(root, 'apps', app, 'src', 'main.ts');

/** Apps whose code exists yet; the rest join once they are written. */
export const existingApps = (root = REPO_ROOT): AppName[] =>
  SERVER_APPS.filter((app) => existsSync(appEntry(app, root)));

/** Every app is plain TypeScript run through swc, as in production, and stops when its parent is gone. */
export const appCommand = (app: AppName, root = REPO_ROOT) => ({
  command: process.execPath,
  args: ['-r', '@swc-node/register', '-r', path.join(__dirname, 'exit-with-parent.js'), appEntry(app, root)],
});

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
