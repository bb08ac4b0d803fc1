import { spawn } from 'node:child_process';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ManagedProcess, waitUntil, type ExitInfo, type ProcessSpec } from '@autowebiq/testing';

const node = (script: string, name = 'child'): ProcessSpec => ({
  name,
  command: process.execPath,
  args: ['-e', script],
  cwd: __dirname,
  env: process.env,
});

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** The children here act within moments: a condition is checked every 20 ms, for 5 s unless told. */
const until = (what: string, condition: () => boolean, timeoutMs = 5000) =>
  waitUntil(condition, (holds) => holds, { what, timeoutMs, intervalMs: 20 });

describe('ManagedProcess', () => {
  it('keeps every line the child wrote, on both streams, and how it ended', async () => {
    const p = new ManagedProcess(node(`console.log('one'); console.error('two'); process.exit(3)`));
    p.start();
    const exit = await p.waitExit();
    expect(exit).toEqual({ code: 3, signal: null, requested: false });
    expect(p.logs().split('\n')).toEqual(expect.arrayContaining(['one', 'two', 'exited (code 3)']));
    expect(p.isRunning).toBe(false);
  });

  it('restarts a child that dies, doubling the delay each time, and not after kill()', async () => {
    const exits: ExitInfo[] = [];
    const p = new ManagedProcess(node(`console.log('up'); setTimeout(() => process.exit(1), 30)`), {
      restart: { initialDelayMs: 40, maxDelayMs: 100, stableAfterMs: 60_000 },
      onExit: (e) => exits.push(e),
    });
    p.start();
    await until('four exits', () => exits.length >= 4, 10_000);
    expect(exits.slice(0, 4).map((e) => e.restartInMs)).toEqual([40, 80, 100, 100]);
    expect(exits.every((e) => !e.requested)).toBe(true);
    await until('the child to run again', () => p.isRunning);
    await p.kill('SIGKILL');
    const runs = p
      .logs()
      .split('\n')
      .filter((l) => l === 'up').length;
    await sleep(300);
    expect(p.isRunning).toBe(false);
    expect(
      p
        .logs()
        .split('\n')
        .filter((l) => l === 'up'),
    ).toHaveLength(runs);
    expect(p.lastExit).toMatchObject({ signal: 'SIGKILL', requested: true });
  });

  it('stop() sends SIGTERM and escalates to SIGKILL when the child ignores it', async () => {
    const p = new ManagedProcess(
      node(
        `process.on('SIGTERM', () => console.log('ignoring')); console.log('ready'); setInterval(() => {}, 1000)`,
      ),
    );
    p.start();
    await until("the child to print 'ready'", () => p.logs().includes('ready'));
    const started = Date.now();
    await p.stop(300);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(p.logs()).toContain('ignoring');
    expect(p.lastExit).toMatchObject({ signal: 'SIGKILL', requested: true });
  });

  it('stop() of a child that handles SIGTERM lets it finish cleanly', async () => {
    const p = new ManagedProcess(
      node(
        `process.on('SIGTERM', () => { console.log('bye'); process.exit(0) }); console.log('ready'); setInterval(() => {}, 1000)`,
      ),
    );
    p.start();
    await until("the child to print 'ready'", () => p.logs().includes('ready'));
    await p.stop(5000);
    expect(p.lastExit).toEqual({ code: 0, signal: null, requested: true });
    expect(p.logs()).toContain('bye');
  });

  it('pauses and resumes a child with SIGSTOP and SIGCONT, which neither end it nor wait for its exit', async () => {
    const p = new ManagedProcess(node(`let n = 0; setInterval(() => console.log('tick ' + n++), 20)`));
    p.start();
    await until("the child to print 'tick 3'", () => p.logs().includes('tick 3'));
    await p.kill('SIGSTOP');
    await sleep(100);
    const paused = p.logs();
    await sleep(300);
    expect(p.logs()).toBe(paused);
    expect(p.isRunning).toBe(true);
    await p.kill('SIGCONT');
    await until('the thawed child to print more', () => p.logs().length > paused.length);
    await p.kill('SIGSTOP');
    const started = Date.now();
    await p.stop(5000);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(p.lastExit).toMatchObject({ signal: 'SIGTERM', requested: true });
  });

  it('signals the whole process group, so grandchildren go too', async () => {
    const p = new ManagedProcess(
      node(
        `const c = require('child_process').spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' }); console.log('grandchild ' + c.pid); setInterval(() => {}, 1000)`,
      ),
    );
    p.start();
    await until('the child to print its grandchild', () => /grandchild \d+/.test(p.logs()));
    const grandchild = Number(/grandchild (\d+)/.exec(p.logs())![1]);
    expect(alive(grandchild)).toBe(true);
    await p.kill('SIGKILL');
    await until('the grandchild to be gone', () => !alive(grandchild));
  });
});

describe('exit-with-parent preload', () => {
  it('stops an app whose parent was killed with SIGKILL', async () => {
    const preload = path.resolve(__dirname, '../../libs/testing/src/platform/exit-with-parent.js');
    const app = `process.on('SIGTERM', () => process.exit(0)); setInterval(() => {}, 1000)`;
    const parentScript = `
      const c = require('child_process').spawn(process.execPath, ['-r', ${JSON.stringify(preload)}, '-e', ${JSON.stringify(app)}], { stdio: ['pipe', 'ignore', 'ignore'] });
      console.log(c.pid); setInterval(() => {}, 1000);`;
    const parent = spawn(process.execPath, ['-e', parentScript], { stdio: ['ignore', 'pipe', 'inherit'] });
    const appPid = await new Promise<number>((resolve) =>
      parent.stdout.once('data', (d: Buffer) => resolve(Number(d.toString().trim()))),
    );
    await sleep(200);
    expect(alive(appPid)).toBe(true);
    parent.kill('SIGKILL');
    await until('the app to be gone', () => !alive(appPid), 5000);
  });
});
