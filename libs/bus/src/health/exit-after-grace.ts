/**
 * The backstop of a graceful shutdown: in-flight work gets `graceMs` (then its abort signal), and whatever
 * still holds the process 5 s later must not keep it (and its ports) up. What it left unfinished is
 * unacknowledged or its job lock lapses, so another instance takes it over.
 */
export function exitAfterGrace(graceMs: number): void {
  setTimeout(() => process.exit(1), graceMs + 5000).unref();
}
