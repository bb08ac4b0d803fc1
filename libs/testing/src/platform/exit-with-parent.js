// Preloaded (node -r) into every app the launcher or the test harness starts. The parent holds the other end
// of our stdin; when it goes away, even by SIGKILL, the pipe closes and we stop as if asked to, instead of
// living on as an orphan that holds ports and jobs.
process.stdin.on('end', () => process.kill(process.pid, 'SIGTERM'));
process.stdin.on('error', () => undefined);
process.stdin.resume();
process.stdin.unref();
