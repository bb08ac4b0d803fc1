import { eventually, waitUntil } from './wait-until';

describe('waitUntil', () => {
  it('resolves with the first value that satisfies the condition, probing again until then', async () => {
    let calls = 0;
    const value = await waitUntil(
      () => ++calls,
      (n) => n >= 3,
      { what: 'three calls', intervalMs: 1 },
    );
    expect(value).toBe(3);
    expect(calls).toBe(3);
  });

  it('fails with what was awaited and the last value seen when time runs out', async () => {
    let n = 0;
    await expect(
      waitUntil(
        () => ({ seen: ++n }),
        () => false,
        { what: 'the impossible', timeoutMs: 30, intervalMs: 5, details: () => 'the logs' },
      ),
    ).rejects.toThrow(
      new RegExp(
        `^timed out after 30 ms waiting for the impossible; last seen: \\{"seen":\\d+\\}\\nthe logs$`,
      ),
    );
  });

  it('shows the last value as `describe` says', async () => {
    await expect(
      waitUntil(
        () => 503,
        (status) => status === 200,
        { what: 'the gateway', timeoutMs: 0, describe: (status) => `HTTP ${status}` },
      ),
    ).rejects.toThrow('timed out after 0 ms waiting for the gateway; last seen: HTTP 503');
  });

  it('gives up at once when abortWhen gives a reason', async () => {
    const started = Date.now();
    await expect(
      waitUntil(
        () => 'starting',
        () => false,
        { what: 'the server', timeoutMs: 10_000, abortWhen: () => 'it exited (code 1)' },
      ),
    ).rejects.toThrow('gave up waiting for the server: it exited (code 1); last seen: starting');
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('does not retry a probe that throws', async () => {
    let calls = 0;
    await expect(
      waitUntil(
        () => {
          calls++;
          throw new Error('broken probe');
        },
        () => true,
        { what: 'anything' },
      ),
    ).rejects.toThrow('broken probe');
    expect(calls).toBe(1);
  });
});

describe('eventually', () => {
  it('retries the check until it passes and resolves with what it returns', async () => {
    let n = 0;
    const value = await eventually(
      'n to reach 3',
      () => {
        n++;
        expect(n).toBeGreaterThanOrEqual(3);
        return n * 10;
      },
      { intervalMs: 1 },
    );
    expect(value).toBe(30);
  });

  it("fails with what was awaited and the check's last failure", async () => {
    await expect(
      eventually('the answer', () => expect(41).toBe(42), { timeoutMs: 20, intervalMs: 5 }),
    ).rejects.toThrow(
      /^timed out after 20 ms waiting for the answer; last seen: [\s\S]*Expected: 42[\s\S]*Received: 41/,
    );
  });
});
