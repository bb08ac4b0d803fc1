/** ANSI styling that turns itself off for pipes, files and NO_COLOR. */
export class Style {
  constructor(readonly enabled: boolean) {}

  private wrap(open: string, text: string): string {
    return this.enabled ? `\x1b[${open}m${text}\x1b[0m` : text;
  }

  bold = (t: string) => this.wrap('1', t);
  dim = (t: string) => this.wrap('2', t);
  red = (t: string) => this.wrap('31', t);
  green = (t: string) => this.wrap('32', t);
  yellow = (t: string) => this.wrap('33', t);
  cyan = (t: string) => this.wrap('36', t);

  /** A `#rrggbb` colour from the specification's palette (truecolor terminals). */
  hex(color: string, t: string): string {
    const n = Number.parseInt(color.slice(1), 16);
    return this.wrap(`38;2;${(n >> 16) & 255};${(n >> 8) & 255};${n & 255}`, t);
  }
}

const ESC = String.fromCharCode(27);
const ANSI_SGR = new RegExp(`${ESC}\\[[0-9;]*m`, 'g');
export const stripAnsi = (text: string) => text.replace(ANSI_SGR, '');

/** Columns a string takes in a terminal: escape codes take none, emoji two, variation selectors none. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of stripAnsi(text)) {
    const cp = ch.codePointAt(0)!;
    if (cp === 0xfe0f || cp === 0x200d) continue;
    width += cp >= 0x1f000 || (cp >= 0x2600 && cp <= 0x27bf) || cp === 0x23f8 ? 2 : 1;
  }
  return width;
}

export const padEnd = (text: string, width: number) =>
  text + ' '.repeat(Math.max(0, width - displayWidth(text)));
export const padStart = (text: string, width: number) =>
  ' '.repeat(Math.max(0, width - displayWidth(text))) + text;
