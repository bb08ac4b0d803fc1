import { STATUS_STYLE, type AgentStatus } from '@autowebiq/contracts';
import type { Style } from './terminal.style';

/** The specification's bar: ━ for done, ░ for to do. */
export function bar(fraction: number, width: number): string {
  const filled = Math.round(Math.min(1, Math.max(0, fraction)) * width);
  return '━'.repeat(filled) + '░'.repeat(width - filled);
}

/** A status in its specification colour: borders for the active states, tints for the final ones. */
export function statusText(s: Style, status: AgentStatus): string {
  const { emoji, label } = STATUS_STYLE[status];
  const text = `${emoji} ${label}`;
  if (status === 'completed') return s.green(text);
  if (status === 'warning') return s.yellow(text);
  if (status === 'error') return s.red(text);
  return s.hex(STATUS_STYLE[status].border!, text);
}
