/**
 * Counts the open sockets of each account on this node and refuses one more beyond `max`, so one tenant
 * (with one key or many: keys are free to create) cannot hold thousands of idle connections. Per node:
 * behind a load balancer an account may hold `max` on each node.
 */
export class ConnectionLimiter {
  private readonly open = new Map<string, number>();

  constructor(private readonly max: number) {}

  /** A release function for the new connection, or null when the account is at its limit. */
  tryAcquire(accountId: string): (() => void) | null {
    const count = this.open.get(accountId) ?? 0;
    if (count >= this.max) return null;
    this.open.set(accountId, count + 1);
    let released = false;
    // Idempotent: a socket refused late and its closing connection may both report the same end.
    return () => {
      if (released) return;
      released = true;
      const left = (this.open.get(accountId) ?? 1) - 1;
      if (left > 0) this.open.set(accountId, left);
      else this.open.delete(accountId);
    };
  }

  count(accountId: string): number {
    return this.open.get(accountId) ?? 0;
  }
}
