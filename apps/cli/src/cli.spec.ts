import {
  AuthenticationError,
  ConnectionError,
  InsufficientCreditsError,
  NotFoundError,
  RealtimeError,
} from '@autowebiq/sdk';
import { PassThrough } from 'node:stream';
import { runCli } from './cli';
import type { CliIo } from './cli-context';
import { ExitCode, exitCodeOf, NotLoggedInError, UsageError } from './exit-codes';

function memoryIo() {
  let out = '';
  let err = '';
  const io: CliIo = {
    stdout: { write: (t: string) => (out += t) },
    stderr: { write: (t: string) => (err += t) },
    stdin: new PassThrough(),
    onInterrupt: () => () => undefined,
  };
  return { io, out: () => out, err: () => err };
}

const env = { HOME: '/nonexistent-home', AUTOWEBIQ_URL: 'http://127.0.0.1:9' };

describe('runCli', () => {
  it('refuses bad input before any request, with exit code 2', async () => {
    for (const argv of [
      ['build'],
      ['build', ''],
      ['build', 'a', 'b'],
      ['build', 'x', '--max-credits', 'lots'],
      ['builds', '--limit', '0'],
      ['usage', '--group-by', 'week'],
      ['build', 'x', '--colour'],
    ]) {
      const t = memoryIo();
      expect(await runCli(argv, t.io, { ...env, AUTOWEBIQ_API_KEY: 'k' }, '0.0.0')).toBe(ExitCode.Usage);
      expect(t.err()).toMatch(/Error: .+\nSee: autowebiq \w+ --help/);
    }
  });

  it('says how to log in when there is no key, with exit code 6', async () => {
    const t = memoryIo();
    expect(await runCli(['balance'], t.io, env, '0.0.0')).toBe(ExitCode.Unauthorized);
    expect(t.err()).toContain('autowebiq login');
  });

  it('reports an unreachable platform with exit code 8, as JSON too with --json', async () => {
    const t = memoryIo();
    expect(await runCli(['balance', '--json'], t.io, { ...env, AUTOWEBIQ_API_KEY: 'k' }, '0.0.0')).toBe(
      ExitCode.Unavailable,
    );
    expect(JSON.parse(t.out())).toMatchObject({ type: 'error', code: 'network_error' });
  }, 30_000);

  it('prints help and the version', async () => {
    const t = memoryIo();
    expect(await runCli(['--help'], t.io, env, '1.2.3')).toBe(ExitCode.Ok);
    expect(t.out()).toMatch(/build\s+Build a website/);
    const v = memoryIo();
    expect(await runCli(['--version'], v.io, env, '1.2.3')).toBe(ExitCode.Ok);
    expect(v.out()).toBe('1.2.3\n');
    const unknown = memoryIo();
    expect(await runCli(['deploy'], unknown.io, env, '1.2.3')).toBe(ExitCode.Usage);
  });
});

describe('exitCodeOf', () => {
  it('maps failures to the documented codes', () => {
    expect(exitCodeOf(new UsageError('x'))).toBe(2);
    expect(
      exitCodeOf(
        new InsufficientCreditsError(402, 'insufficient_credits', 'x', { required: 5, available: 1 }),
      ),
    ).toBe(3);
    expect(exitCodeOf(new NotLoggedInError('x'))).toBe(6);
    expect(exitCodeOf(new AuthenticationError(401, 'unauthorized', 'x'))).toBe(6);
    expect(exitCodeOf(new RealtimeError('unauthorized', 'x'))).toBe(6);
    expect(exitCodeOf(new NotFoundError(404, 'not_found', 'x'))).toBe(7);
    expect(exitCodeOf(new ConnectionError('network_error', 'x'))).toBe(8);
    expect(exitCodeOf(new Error('x'))).toBe(1);
  });
});
