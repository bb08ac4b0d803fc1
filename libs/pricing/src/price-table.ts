import { priceTableSchema, type PriceTable } from '@autowebiq/contracts';
import { readFileSync } from 'node:fs';

/** The specification's table: 1,000 tokens = 1 credit at multiplier 1.0. */
export const DEFAULT_PRICE_TABLE: PriceTable = {
  tokens_per_credit: 1000,
  image_token_equivalent: 1000,
  models: {
    'gpt-5': { multiplier: '1.5', kind: 'chat' },
    'gpt-4o': { multiplier: '1.0', kind: 'chat' },
    'claude-sonnet-4-20250514': { multiplier: '1.2', kind: 'chat' },
    'gemini-2.5-pro': { multiplier: '0.8', kind: 'chat' },
    'dall-e-3': { multiplier: '12.0', kind: 'image' },
    'local-template': { multiplier: '1.0', kind: 'chat' },
  },
};

export interface PriceTableSource {
  TOKENS_PER_CREDIT?: number;
  IMAGE_TOKEN_EQUIVALENT?: number;
  /** JSON: { "model": "1.6" } or { "model": { "multiplier": "1.6", "kind": "chat" } } */
  PRICE_MULTIPLIERS?: string;
  /** A JSON file holding a whole price table. */
  PRICE_TABLE_FILE?: string;
}

/** Defaults, then the file, then env overrides; validated as a whole. */
export function loadPriceTable(source: PriceTableSource = {}): PriceTable {
  let table: PriceTable = structuredClone(DEFAULT_PRICE_TABLE);
  if (source.PRICE_TABLE_FILE) {
    table = priceTableSchema.parse(JSON.parse(readFileSync(source.PRICE_TABLE_FILE, 'utf8')));
  }
  if (source.TOKENS_PER_CREDIT) table.tokens_per_credit = source.TOKENS_PER_CREDIT;
  if (source.IMAGE_TOKEN_EQUIVALENT) table.image_token_equivalent = source.IMAGE_TOKEN_EQUIVALENT;
  if (source.PRICE_MULTIPLIERS) {
    const overrides = JSON.parse(source.PRICE_MULTIPLIERS) as Record<string, string | { multiplier: string; kind: 'chat' | 'image' }>;
    for (const [model, v] of Object.entries(overrides)) {
      const kind = typeof v === 'string' ? (table.models[model]?.kind ?? 'chat') : v.kind;
      table.models[model] = { multiplier: typeof v === 'string' ? v : v.multiplier, kind };
    }
  }
  return priceTableSchema.parse(table);
}

export const pricedModels = (table: PriceTable): string[] => Object.keys(table.models).sort();
export const isPriced = (table: PriceTable, model: string): boolean => Object.hasOwn(table.models, model);
