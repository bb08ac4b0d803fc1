import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { waitUntil } from '../wait-until';
import { REPO_ROOT } from './apps';
import { freePort } from './net';
import { ManagedProcess } from './processes';

/** Answers true once the server at `port` replies to PING (not while it is still loading its AOF). */
function pongs(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let reply = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString();
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
  });
}

/** The Redis settings the platform ships (compose and `npm start` run them). */
const SHIPPED_CONF = path.join(REPO_ROOT, 'infra', 'redis', 'redis.conf');

/**
 * A redis-server of a test's own on a free port, its data in a temporary folder. With `aof` it runs the
 * shipped redis.conf, only its port, address and folder changed, so a fault test gets the durability
 * production has (docs/reliability.md says what a clean stop, a kill -9 and a machine crash each keep);
 * without, it keeps nothing on disk.
 */
export class OwnRedis {
  private readonly process: ManagedProcess;

  private constructor(
    readonly dir: string,
    readonly port: number,
    aof: boolean,
  ) {
    // The config file must come first: the options after it override its lines.
    const settings = aof ? [SHIPPED_CONF] : ['--appendonly', 'no', '--save', ''];
    this.process = new ManagedProcess({
      name: `redis:${port}`,
      command: 'redis-server',
      args: [...settings, '--port', String(port), '--bind', '127.0.0.1', '--dir', dir],
      cwd: dir,
      env: { PATH: process.env.PATH ?? '' },
    });
  }

  static async create(opts: { aof?: boolean; label?: string } = {}): Promise<OwnRedis> {
    const redis = new OwnRedis(
      mkdtempSync(path.join(os.tmpdir(), `awq-${opts.label ?? 'redis'}-`)),
      await freePort(),
      opts.aof ?? false,
    );
    await redis.start();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.process.pid;
  }

  /** Starts the server on its port and folder, and resolves once it answers PING. */
  async start(timeoutMs = 15_000): Promise<void> {
    this.process.start();
    await waitUntil(
      () => pongs(this.port),
      (answered) => answered,
      {
        what: `redis-server on port ${this.port} to answer PING`,
        timeoutMs,
        intervalMs: 50,
        abortWhen: () => (this.process.isRunning ? undefined : 'it exited'),
        details: () => this.process.logs(),
      },
    );
  }

  /** Signals the server (SIGKILL by default: no shutdown work) and waits until it is gone. */
  kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    return this.process.kill(signal);
  }

  logs(): string {
    return this.process.logs();
  }

  async destroy(): Promise<void> {
    await this.process.kill('SIGKILL');
    rmSync(this.dir, { recursive: true, force: true });
  }
}
