import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface ProcessSpec {
  /** Unique among the processes of one run; used in logs. */
  name: string;
  command: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
}

export interface RestartPolicy {
  initialDelayMs: number;
  maxDelayMs: number;
  /** A run at least this long counts as healthy and resets the delay. */
  stableAfterMs: number;
}

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** False when the process died without anyone asking it to. */
  requested: boolean;
  /** Set when the restart policy brings it back after this delay. */
  restartInMs?: number;
}

export interface ManagedProcessOptions {
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
  onExit?: (info: ExitInfo) => void;
  restart?: RestartPolicy;
  maxLogLines?: number;
}

/** Pause and resume: the process lives on, so kill() does not wait for it to exit. */
const NON_TERMINATING = new Set<NodeJS.Signals>(['SIGSTOP', 'SIGCONT', 'SIGTSTP']);

const running = new Set<ManagedProcess>();

/** Whatever way this process ends, SIGKILL the children still running (for those that cannot watch their stdin). */
export function killChildrenOnExit(): void {
  process.on('exit', () => {
    for (const p of running) p.signalGroup('SIGKILL');
  });
}

/**
 * One child process in its own process group (so a terminal's Ctrl-C reaches only the parent, which then
 * stops children in order), with its output kept for later and an optional restart-with-backoff policy.
 */
export class ManagedProcess {
  private child?: ChildProcess;
  private wanted = false;
  private restartTimer?: NodeJS.Timeout;
  private delayMs: number;
  private startedAt = 0;
  private readonly lines: string[] = [];
  private exitWaiters: Array<(info: ExitInfo) => void> = [];
  lastExit?: ExitInfo;

  constructor(
    readonly spec: ProcessSpec,
    private readonly opts: ManagedProcessOptions = {},
  ) {
    this.delayMs = opts.restart?.initialDelayMs ?? 0;
  }

  get name(): string {
    return this.spec.name;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get isRunning(): boolean {
    return this.child !== undefined;
  }

  start(): void {
    this.wanted = true;
    if (!this.child) this.spawnChild();
  }

  /** SIGTERM to the whole group, SIGKILL after `timeoutMs`; resolves once it is gone. */
  async stop(timeoutMs = 10_000): Promise<void> {
    this.wanted = false;
    clearTimeout(this.restartTimer);
    if (!this.child) return;
    const exited = this.waitExit();
    this.signalGroup('SIGTERM');
    // A paused child (SIGSTOP) only acts on the SIGTERM once it runs again.
    this.signalGroup('SIGCONT');
    const timer = setTimeout(() => {
      this.record(`did not stop within ${timeoutMs} ms; killing it`, 'stderr');
      this.signalGroup('SIGKILL');
    }, timeoutMs);
    await exited;
    clearTimeout(timer);
  }

  /** Sends `signal` without any restart afterwards; resolves once it exited (at once for pause/resume signals). */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    if (NON_TERMINATING.has(signal)) {
      this.signalGroup(signal);
      return;
    }
    this.wanted = false;
    clearTimeout(this.restartTimer);
    if (!this.child) return;
    const exited = this.waitExit();
    this.signalGroup(signal);
    await exited;
  }

  waitExit(): Promise<ExitInfo> {
    if (!this.child) return Promise.resolve(this.lastExit ?? { code: null, signal: null, requested: true });
    return new Promise((resolve) => this.exitWaiters.push(resolve));
  }

  logs(): string {
    return this.lines.join('\n');
  }

  signalGroup(signal: NodeJS.Signals): void {
    const pid = this.child?.pid;
    if (!pid) return;
    try {
      process.kill(-pid, signal);
    } catch {
      // Already gone: the exit handler does the bookkeeping.
    }
  }

  private spawnChild(): void {
    const { command, args, cwd, env } = this.spec;
    // stdin is a pipe nobody writes to: its end tells a child that preloads exit-with-parent.js we are gone.
    const child = spawn(command, args, { cwd, env, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    this.child = child;
    this.startedAt = Date.now();
    running.add(this);
    for (const stream of ['stdout', 'stderr'] as const) {
      createInterface({ input: child[stream]!, crlfDelay: Infinity }).on('line', (line) =>
        this.record(line, stream),
      );
    }
    child.on('error', (err) => this.record(`could not start: ${err.message}`, 'stderr'));
    // 'close' rather than 'exit': by then every line the child wrote has been recorded.
    child.on('close', (code, signal) => this.onChildExit(child, code, signal));
  }

  private onChildExit(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.child !== child) return;
    this.child = undefined;
    running.delete(this);
    const info: ExitInfo = { code, signal, requested: !this.wanted };
    if (this.wanted && this.opts.restart) info.restartInMs = this.nextDelay();
    this.lastExit = info;
    this.record(`exited (${signal ? `signal ${signal}` : `code ${code}`})`, 'stderr');
    this.opts.onExit?.(info);
    for (const resolve of this.exitWaiters.splice(0)) resolve(info);
    if (info.restartInMs !== undefined) {
      this.restartTimer = setTimeout(() => {
        if (this.wanted && !this.child) this.spawnChild();
      }, info.restartInMs);
    }
  }

  private nextDelay(): number {
    const policy = this.opts.restart!;
    if (Date.now() - this.startedAt >= policy.stableAfterMs) this.delayMs = policy.initialDelayMs;
    const delay = this.delayMs;
    this.delayMs = Math.min(this.delayMs * 2, policy.maxDelayMs);
    return delay;
  }

  private record(line: string, stream: 'stdout' | 'stderr'): void {
    this.lines.push(line);
    if (this.lines.length > (this.opts.maxLogLines ?? 5000)) this.lines.shift();
    this.opts.onLine?.(line, stream);
  }
}
