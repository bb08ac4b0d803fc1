import type { CliIo } from './cli-context';
import { UsageError } from './exit-codes';

/**
 * Reads one line from stdin. On a terminal the typed characters are not
 * echoed (it is a secret); from a pipe the first line is taken.
 */
export function readSecretLine(io: CliIo, prompt: string): Promise<string> {
  const { stdin } = io;
  if (stdin.isTTY && stdin.setRawMode) {
    io.stderr.write(prompt);
    return new Promise((resolve, reject) => {
      let value = '';
      const done = (error?: Error) => {
        stdin.setRawMode!(false);
        stdin.off('data', onData);
        stdin.pause();
        io.stderr.write('\n');
        if (error) reject(error);
        else resolve(value.trim());
      };
      const onData = (chunk: Buffer | string) => {
        for (const ch of chunk.toString()) {
          if (ch === '\r' || ch === '\n') return done();
          if (ch === '\u0003') return done(new UsageError('login cancelled'));
          value = ch === '\u007f' || ch === '\b' ? value.slice(0, -1) : value + ch;
        }
      };
      stdin.setRawMode!(true);
      stdin.resume();
      stdin.on('data', onData);
    });
  }
  return new Promise((resolve, reject) => {
    let text = '';
    stdin.setEncoding('utf8');
    stdin.on('data', (chunk: string) => (text += chunk));
    stdin.once('end', () => resolve(text.split(/\r?\n/)[0].trim()));
    stdin.once('error', reject);
  });
}
