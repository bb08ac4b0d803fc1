import { displayWidth, padEnd, padStart } from './terminal.style';

export interface Column {
  header: string;
  /** Numbers read best right-aligned. */
  align?: 'left' | 'right';
}

/** A plain-text table: a header, a rule, the rows, and optionally a footer after another rule. */
export function renderTable(columns: Column[], rows: string[][], footer?: string[]): string {
  const all = footer ? [...rows, footer] : rows;
  const widths = columns.map((c, i) =>
    Math.max(displayWidth(c.header), ...all.map((r) => displayWidth(r[i] ?? ''))),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (columns[i].align === 'right' ? padStart(cell, widths[i]) : padEnd(cell, widths[i])))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '─'.repeat(w)).join('  ');
  const out = [line(columns.map((c) => c.header)), rule, ...rows.map(line)];
  if (footer) out.push(rule, line(footer));
  return out.join('\n');
}
