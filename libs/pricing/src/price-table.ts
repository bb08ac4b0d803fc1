import { priceOverridesSchema, priceTableSchema, type PriceTable } from '@autowebiq/contracts';
import type { ZodType } from 'zod';
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
  /** Overrides the table's tokens_per_credit (1000 in the default table). */
  TOKENS_PER_CREDIT?: number;
  /** Overrides the table's image_token_equivalent (1000 in the default table). */
  IMAGE_TOKEN_EQUIVALENT?: number;
  /** JSON: { "model": "1.6" } or { "model": { "multiplier": "1.6", "kind": "chat" } } */
  PRICE_MULTIPLIERS?: string;
  /** A JSON file holding a whole price table. */
  PRICE_TABLE_FILE?: string;
}

/** A price table setting that cannot be used; the message names the variable, as a ConfigError would. */
export class PriceTableError extends Error {
  constructor(variable: keyof PriceTableSource, problem: string) {
    super(`Invalid configuration:\n  - ${variable}: ${problem}`);
    this.name = 'PriceTableError';
  }
}

/** JSON text validated by `schema`; any problem is a PriceTableError naming `variable`. */
function parseSetting<T>(variable: keyof PriceTableSource, text: string, schema: ZodType<T>): T {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new PriceTableError(variable, `is not JSON (${(e as Error).message})`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new PriceTableError(variable, `${issue.path.join('.') || '(value)'}: ${issue.message}`);
  }
  return parsed.data;
}

function readTableFile(file: string): PriceTable {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new PriceTableError('PRICE_TABLE_FILE', `cannot be read (${(e as Error).message})`);
  }
  return parseSetting('PRICE_TABLE_FILE', text, priceTableSchema);
}

/** The default table or the file's, then the env overrides of it; validated as a whole. */
export function loadPriceTable(source: PriceTableSource = {}): PriceTable {
  const table = source.PRICE_TABLE_FILE
    ? readTableFile(source.PRICE_TABLE_FILE)
    : structuredClone(DEFAULT_PRICE_TABLE);
  if (source.TOKENS_PER_CREDIT !== undefined) table.tokens_per_credit = source.TOKENS_PER_CREDIT;
  if (source.IMAGE_TOKEN_EQUIVALENT !== undefined)
    table.image_token_equivalent = source.IMAGE_TOKEN_EQUIVALENT;
  if (source.PRICE_MULTIPLIERS) {
    const overrides = parseSetting('PRICE_MULTIPLIERS', source.PRICE_MULTIPLIERS, priceOverridesSchema);
    for (const [model, v] of Object.entries(overrides)) {
      table.models[model] =
        typeof v === 'string' ? { multiplier: v, kind: table.models[model]?.kind ?? 'chat' } : v;
    }
  }
  return priceTableSchema.parse(table);
}

export const pricedModels = (table: PriceTable): string[] => Object.keys(table.models).sort();
export const isPriced = (table: PriceTable, model: string): boolean => Object.hasOwn(table.models, model);
