import { envSchema, loadConfig } from '@autowebiq/config';
import {
  REPO_ROOT,
  appNodeFlags,
  SERVER_APPS,
  compiledEntry,
  compiledPath,
  existingApps,
  freePort,
  healthUrl,
  waitUntil,
  type AppName,
} from '@autowebiq/testing';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Redis from 'ioredis';
import { parse } from 'yaml';

/** No Docker engine runs here: these checks hold docker-compose.yml and the Dockerfile to the code instead. */

interface Service {
  image?: string;
  build?: { context: string; dockerfile: string; args?: Record<string, string> };
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  container_name?: string;
  volumes?: string[];
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
}

const read = (file: string) => readFileSync(path.join(REPO_ROOT, file), 'utf8');
const compose = parse(read('docker-compose.yml'), { merge: true }) as { services: Record<string, Service> };
const services = compose.services;
const appServices = Object.entries(services).filter(([, s]) => s.build?.args?.APP && !s.command);
const PUBLIC_APPS: AppName[] = ['api-gateway', 'realtime'];

/** Compose's interpolation: ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?error}, $$; anything else is an error. */
function interpolate(value: string, vars: Record<string, string>): string {
  return value.replace(
    /\$(\$|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}|[A-Za-z_][A-Za-z0-9_]*|)/g,
    (match, _x, name, op, arg) => {
      if (match === '$$') return '$';
      if (!name) {
        if (/^\$[A-Za-z_]/.test(match)) return vars[match.slice(1)] ?? '';
        throw new Error(`invalid interpolation in "${value}" (write $$ for a literal $)`);
      }
      const v = vars[name];
      const unset = op?.startsWith(':') ? !v : v === undefined;
      if (op?.endsWith('?') && unset) throw new Error(`${name} is required: ${arg}`);
      if (op?.endsWith('-') && unset) return arg;
      return v ?? '';
    },
  );
}

const hostVars = { ADMIN_TOKEN: 'a'.repeat(48) };
const envOf = (s: Service) =>
  Object.fromEntries(
    Object.entries(s.environment ?? {}).map(([k, v]) => [k, interpolate(String(v), hostVars)]),
  );

describe('docker-compose.yml', () => {
  it('has a service for every server app, and each app service builds a real app project', () => {
    const built = appServices.map(([, s]) => s.build!.args!.APP);
    expect([...built].sort()).toEqual([...SERVER_APPS].sort());
    for (const app of existingApps()) expect(built).toContain(app);
    for (const [name, s] of appServices) {
      expect(name).toBe(s.build!.args!.APP);
      expect(s.build!.dockerfile).toBe('infra/docker/Dockerfile');
      const project = JSON.parse(read(`apps/${s.build!.args!.APP}/project.json`));
      expect(project.projectType).toBe('application');
      expect(project.tags).toContain('scope:server');
    }
  });

  it('sets only variables the config schema knows, with values it accepts', () => {
    const known = new Set(Object.keys(envSchema.shape));
    for (const [name, s] of [...appServices, ['migrate', services.migrate] as const]) {
      const unknown = Object.keys(s.environment ?? {}).filter((k) => !known.has(k));
      expect({ service: name, unknown }).toEqual({ service: name, unknown: [] });
      const config = loadConfig(envOf(s));
      expect(config.NODE_ENV).toBe('production');
      expect(config.HOST).toBe('0.0.0.0');
    }
  });

  it('refuses to start without an admin token', () => {
    expect(() => interpolate(String(services['api-gateway'].environment!.ADMIN_TOKEN), {})).toThrow(
      /ADMIN_TOKEN/,
    );
  });

  it('lets workers and billing scale: no container names, no host ports', () => {
    for (const [name, s] of Object.entries(services))
      expect({ name, container_name: s.container_name }).toEqual({ name });
    for (const [name, s] of appServices) {
      if (!PUBLIC_APPS.includes(name as AppName)) expect({ name, ports: s.ports }).toEqual({ name });
    }
    for (const app of PUBLIC_APPS) expect(services[app].ports).toHaveLength(1);
  });

  it('health-checks every app on the port and path the app serves, after its dependencies are healthy', () => {
    for (const [name, s] of appServices) {
      const env = envOf(s);
      const ports = {
        PORT: Number(env.PORT),
        REALTIME_PORT: Number(env.REALTIME_PORT),
        HEALTH_PORT: Number(env.HEALTH_PORT),
      };
      expect(s.healthcheck?.test.at(-1)).toBe(healthUrl(name as AppName, ports));
      expect(s.depends_on).toEqual({
        postgres: { condition: 'service_healthy' },
        redis: { condition: 'service_healthy' },
        migrate: { condition: 'service_completed_successfully' },
      });
    }
    expect(services.postgres.healthcheck?.test).toContain('pg_isready');
    expect(services.redis.healthcheck?.test).toContain('ping');
  });

  it('healthcheck commands exit 0 for a healthy answer and 1 otherwise', async () => {
    let status = 200;
    const server: Server = createServer((_req, res) => res.writeHead(status).end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/healthz`;
    const run = async (test: string[]) => {
      const [cmd, ...args] = [...test.slice(1, -1), url];
      const child = spawn(cmd === 'node' ? process.execPath : cmd, args, { stdio: 'ignore' });
      return new Promise<number | null>((resolve) => child.on('close', resolve));
    };
    try {
      const checks = new Set(appServices.map(([, s]) => JSON.stringify(s.healthcheck!.test.slice(0, -1))));
      for (const check of checks) {
        const test = [...JSON.parse(check), 'url'];
        expect(test[0]).toBe('CMD');
        status = 200;
        expect(await run(test)).toBe(0);
        status = 503;
        expect(await run(test)).toBe(1);
      }
      server.close();
      expect(await run([...JSON.parse([...checks][0]), 'url'])).toBe(1);
    } finally {
      server.close();
    }
  });

  it('migrates once before the apps, with the compiled tools/migrate.ts', () => {
    const migrate = services.migrate;
    expect(migrate.command).toEqual(['node', compiledPath('tools/migrate.ts')]);
    expect(existsSync(path.join(REPO_ROOT, 'tools/migrate.ts'))).toBe(true);
    expect(migrate.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
  });

  it('runs Redis with infra/redis/redis.conf', () => {
    const redis = services.redis;
    const confPath = redis.command!.at(-1)!;
    expect(redis.command![0]).toBe('redis-server');
    expect(redis.volumes).toContain(`./infra/redis/redis.conf:${confPath}:ro`);
  });
});

describe('infra/redis/redis.conf', () => {
  it('loads in a real redis-server with noeviction and the append-only file on', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'awq-redis-conf-'));
    const port = await freePort();
    const server = spawn(
      'redis-server',
      [
        path.join(REPO_ROOT, 'infra/redis/redis.conf'),
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--dir',
        dir,
      ],
      { stdio: 'ignore' },
    );
    const redis = new Redis({ port, lazyConnect: true, retryStrategy: () => 50, maxRetriesPerRequest: 1 });
    redis.on('error', () => undefined);
    try {
      await waitUntil(
        () =>
          redis.connect().then(
            () => redis.status,
            () => redis.status,
          ),
        (status) => status === 'ready',
        {
          what: 'redis-server on infra/redis/redis.conf to take a connection',
          timeoutMs: 5000,
          intervalMs: 50,
        },
      );
      expect(await redis.config('GET', 'maxmemory-policy')).toEqual(['maxmemory-policy', 'noeviction']);
      expect(await redis.config('GET', 'appendonly')).toEqual(['appendonly', 'yes']);
    } finally {
      redis.disconnect();
      server.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('infra/docker/Dockerfile', () => {
  const dockerfile = read('infra/docker/Dockerfile');

  it('is one multi-stage image, the app chosen by build arg, run as a non-root user', () => {
    expect(dockerfile.match(/^FROM /gm)!.length).toBeGreaterThanOrEqual(3);
    expect(dockerfile).toMatch(/^ARG APP$/m);
    const user = dockerfile.match(/^USER (\S+)$/gm)?.at(-1);
    expect(user).toBeDefined();
    expect(user).not.toMatch(/USER (root|0)(:|$)/);
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
  });

  it('compiles the apps in the build stage and starts the compiled $APP the way npm start does', () => {
    expect(dockerfile).toMatch(/^RUN .*npm run build$/m);
    const cmd = JSON.parse(dockerfile.match(/^CMD (\[.*\])$/m)![1]) as string[];
    const shell = cmd.at(-1)!;
    expect(shell).toMatch(/^exec node \$\{NODE_FLAGS\} "(\S+)"$/);
    const entry = shell.match(/"(\S+)"$/)![1];
    for (const app of existingApps()) {
      expect(entry.replace('${APP}', app)).toBe(path.relative(REPO_ROOT, compiledEntry(app)));
    }
    const shellCheck = spawnSync('sh', ['-n', '-c', shell]);
    expect(shellCheck.status).toBe(0);
  });

  it('runs every app with the V8 flags npm start gives it (the NODE_FLAGS build arg, or its default)', () => {
    const defaultFlags = dockerfile.match(/^ARG NODE_FLAGS=(.*)$/m)![1];
    expect(dockerfile).toMatch(/^\s+NODE_FLAGS=\$\{NODE_FLAGS\}$/m);
    for (const [, service] of appServices) {
      const { APP, NODE_FLAGS = defaultFlags } = service.build!.args!;
      expect({ app: APP, flags: NODE_FLAGS.split(' ') }).toEqual({
        app: APP,
        flags: appNodeFlags(APP as AppName),
      });
    }
  });

  it('keeps local state out of the build context', () => {
    const ignored = read('.dockerignore').split('\n');
    expect(ignored).toEqual(expect.arrayContaining(['.git', '**/node_modules', '.data', '.env']));
  });
});
