const PALETTE = [36, 35, 33, 32, 34, 96, 95, 93, 92];
const color = process.stdout.isTTY;

const paint = (code: number, text: string) => (color ? `\x1b[${code}m${text}\x1b[0m` : text);
export const bold = (text: string) => paint(1, text);

let next = 0;
const width = 10;

/** A writer that prefixes every line with `[label]`, each label in its own colour. */
export function prefixedWriter(label: string): (line: string, stream?: 'stdout' | 'stderr') => void {
  const prefix = paint(PALETTE[next++ % PALETTE.length], `[${label}]`.padEnd(width));
  return (line, stream = 'stdout') =>
    (stream === 'stderr' ? process.stderr : process.stdout).write(`${prefix} ${line}\n`);
}

export const log = prefixedWriter('launcher');
