import { formatCreditNumber, formatCredits } from '@autowebiq/sdk';

const tokenFormat = new Intl.NumberFormat('en-US');

export const tokens = (n: number) => tokenFormat.format(n);

/** Exact µcr when the API gave it, else the rounded number; always two decimals for people. */
export function credits(value: number | undefined | null, micro?: string | null): string {
  if (micro) return formatCredits(micro);
  if (value === undefined || value === null || Number.isNaN(value)) return '–';
  return formatCreditNumber(value);
}

export function dateTime(iso: string | null | undefined): string {
  if (!iso) return '–';
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

export function seconds(s: number | null | undefined): string {
  return s === null || s === undefined ? '–' : `${s.toFixed(1)}s`;
}
