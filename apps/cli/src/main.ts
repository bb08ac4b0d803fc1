import { runCli } from './cli';
import packageJson from '../package.json';

void runCli(
  process.argv.slice(2),
  {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    onInterrupt(handler) {
      process.on('SIGINT', handler);
      return () => process.off('SIGINT', handler);
    },
  },
  process.env,
  packageJson.version,
).then((code) => {
  process.exitCode = code;
});
