import { formatCredits } from '@autowebiq/contracts';
import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  DEFAULT_PRICE_TABLE,
  UnpricedModelError,
  creditsToMicro,
  divRoundHalfUp,
  estimateBuild,
  loadPriceTable,
  microToCredits,
  priceUsage,
  PriceTableError,
} from './index';

const t = DEFAULT_PRICE_TABLE;

describe('the specification worked examples', () => {
  it('500 tokens of gpt-4o cost 0.5 credits', () => {
    expect(priceUsage(t, { model: 'gpt-4o', input_tokens: 100, output_tokens: 400 })).toBe(500_000n);
  });
  it('500 tokens of gpt-5 cost 0.75 credits', () => {
    expect(priceUsage(t, { model: 'gpt-5', input_tokens: 100, output_tokens: 400 })).toBe(750_000n);
  });
  it('prices claude at 1.2 and gemini at 0.8', () => {
    expect(priceUsage(t, { model: 'claude-sonnet-4-20250514', input_tokens: 1000, output_tokens: 0 })).toBe(
      1_200_000n,
    );
    expect(priceUsage(t, { model: 'gemini-2.5-pro', input_tokens: 0, output_tokens: 1000 })).toBe(800_000n);
  });
  it('one DALL-E 3 image is 12 credits', () => {
    expect(priceUsage(t, { model: 'dall-e-3', input_tokens: 0, output_tokens: 0, images: 1 })).toBe(
      12_000_000n,
    );
  });
  it('the completion summary example: 4,521 tokens at 1.0 = 4.52 credits', () => {
    const micro = priceUsage(t, { model: 'gpt-4o', input_tokens: 4000, output_tokens: 521 });
    expect(micro).toBe(4_521_000n);
    expect(formatCredits(micro)).toBe('4.52');
  });
  it('refuses an unpriced model instead of billing 0', () => {
    expect(() => priceUsage(t, { model: 'mystery', input_tokens: 1, output_tokens: 1 })).toThrow(
      UnpricedModelError,
    );
  });
});

describe('rounding', () => {
  it('rounds half up once per event', () => {
    // 1 token at 1.5 with 1,000,000 tokens per credit = 1.5 µcr → 2 µcr
    const fine = { ...t, tokens_per_credit: 1_000_000 };
    expect(priceUsage(fine, { model: 'gpt-5', input_tokens: 1, output_tokens: 0 })).toBe(2n);
    // 1 token at 0.8 = 0.8 µcr → 1; 3 tokens at 0.5 → 1.5 → 2
    expect(priceUsage(fine, { model: 'gemini-2.5-pro', input_tokens: 1, output_tokens: 0 })).toBe(1n);
    const half = loadPriceTable({ TOKENS_PER_CREDIT: 1_000_000, PRICE_MULTIPLIERS: '{"cheap":"0.5"}' });
    expect(priceUsage(half, { model: 'cheap', input_tokens: 3, output_tokens: 0 })).toBe(2n);
    expect(priceUsage(half, { model: 'cheap', input_tokens: 2, output_tokens: 0 })).toBe(1n);
  });

  it('property: price equals the exact rational value rounded half up', () => {
    const models = Object.keys(t.models);
    fc.assert(
      fc.property(
        fc.constantFrom(...models),
        fc.nat(5_000_000),
        fc.nat(5_000_000),
        fc.nat(20),
        fc.integer({ min: 1, max: 100_000 }),
        (model, i, o, img, tpc) => {
          const table = { ...t, tokens_per_credit: tpc };
          const got = priceUsage(table, { model, input_tokens: i, output_tokens: o, images: img });
          const [w, f = ''] = t.models[model].multiplier.split('.');
          const multNum = BigInt(w + f);
          const multDen = 10n ** BigInt(f.length);
          const tokens = BigInt(i + o) + BigInt(img) * 1000n;
          const num = tokens * multNum * 1_000_000n;
          const den = multDen * BigInt(tpc);
          const floor = num / den;
          const rem = num - floor * den;
          expect(got).toBe(rem * 2n >= den ? floor + 1n : floor);
        },
      ),
    );
  });

  it('property: pricing is monotone in tokens and additive within one µcr per event', () => {
    fc.assert(
      fc.property(fc.nat(1_000_000), fc.nat(1_000_000), (a, b) => {
        const pa = priceUsage(t, { model: 'gpt-5', input_tokens: a, output_tokens: 0 });
        const pb = priceUsage(t, { model: 'gpt-5', input_tokens: b, output_tokens: 0 });
        const pab = priceUsage(t, { model: 'gpt-5', input_tokens: a + b, output_tokens: 0 });
        expect(a <= b ? pa <= pb : pa >= pb).toBe(true);
        const diff = pab - (pa + pb);
        expect(diff >= -1n && diff <= 1n).toBe(true);
      }),
    );
  });

  it('divRoundHalfUp', () => {
    expect(divRoundHalfUp(5n, 2n)).toBe(3n);
    expect(divRoundHalfUp(4n, 3n)).toBe(1n);
    expect(divRoundHalfUp(0n, 7n)).toBe(0n);
    expect(() => divRoundHalfUp(-1n, 2n)).toThrow(RangeError);
  });
});

describe('credit amounts', () => {
  it('parses decimals exactly, without float error', () => {
    expect(creditsToMicro(0.1)).toBe(100_000n);
    expect(creditsToMicro(0.3)).toBe(300_000n);
    expect(creditsToMicro('12.345678')).toBe(12_345_678n);
    expect(creditsToMicro(100)).toBe(100_000_000n);
  });
  it('refuses negative, non-finite and over-precise amounts', () => {
    expect(() => creditsToMicro(-1)).toThrow(RangeError);
    expect(() => creditsToMicro(Number.NaN)).toThrow(RangeError);
    expect(() => creditsToMicro(0.0000001)).toThrow(RangeError);
    expect(() => creditsToMicro('1e3')).toThrow(RangeError);
  });
  it('property: micro → credits → micro round-trips', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 15n }), (m) => {
        expect(creditsToMicro(microToCredits(m))).toBe(m);
      }),
    );
  });
});

describe('price table', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'awq-prices-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, content: string) => {
    const f = path.join(dir, name);
    writeFileSync(f, content);
    return f;
  };
  const fileTable = {
    tokens_per_credit: 500,
    image_token_equivalent: 2000,
    models: { house: { multiplier: '2.5', kind: 'chat' } },
  };

  it('takes env overrides and rejects malformed multipliers, naming the variable', () => {
    expect(loadPriceTable({ PRICE_MULTIPLIERS: '{"gpt-5":"1.6"}' }).models['gpt-5'].multiplier).toBe('1.6');
    expect(() => loadPriceTable({ PRICE_MULTIPLIERS: '{"gpt-5":"-1"}' })).toThrow(
      /PRICE_MULTIPLIERS: gpt-5: .*decimal string/,
    );
    expect(() => loadPriceTable({ PRICE_MULTIPLIERS: '{bad' })).toThrow(PriceTableError);
    expect(() => loadPriceTable({ PRICE_MULTIPLIERS: '{bad' })).toThrow(/PRICE_MULTIPLIERS: is not JSON/);
    expect(() => loadPriceTable({ PRICE_MULTIPLIERS: '{"x":{"multiplier":"1","kind":"video"}}' })).toThrow(
      /PRICE_MULTIPLIERS: x/,
    );
  });

  it("keeps a table file's own rates unless the env overrides them", () => {
    const f = file('table.json', JSON.stringify(fileTable));
    expect(loadPriceTable({ PRICE_TABLE_FILE: f })).toEqual(fileTable);
    const overridden = loadPriceTable({
      PRICE_TABLE_FILE: f,
      TOKENS_PER_CREDIT: 4000,
      PRICE_MULTIPLIERS: '{"house":"3"}',
    });
    expect(overridden).toEqual({
      ...fileTable,
      tokens_per_credit: 4000,
      models: { house: { multiplier: '3', kind: 'chat' } },
    });
  });

  it('names PRICE_TABLE_FILE when the file is missing, not JSON or not a price table', () => {
    expect(() => loadPriceTable({ PRICE_TABLE_FILE: path.join(dir, 'absent.json') })).toThrow(
      /PRICE_TABLE_FILE: cannot be read/,
    );
    expect(() => loadPriceTable({ PRICE_TABLE_FILE: file('text.json', 'not json') })).toThrow(
      /PRICE_TABLE_FILE: is not JSON/,
    );
    const negative = file('negative.json', JSON.stringify({ ...fileTable, tokens_per_credit: -1 }));
    expect(() => loadPriceTable({ PRICE_TABLE_FILE: negative })).toThrow(
      /PRICE_TABLE_FILE: tokens_per_credit/,
    );
  });
});

describe('estimate', () => {
  const models = { planner: 'gpt-4o', image: 'dall-e-3', frontend: 'gpt-4o', testing: 'gpt-4o' };
  it('orders low <= expected <= high and grows with the prompt', () => {
    const short = estimateBuild({ table: t, models, prompt: 'a bakery' });
    const long = estimateBuild({ table: t, models, prompt: 'a bakery '.repeat(300) });
    expect(short.low).toBeLessThanOrEqual(short.expected);
    expect(short.expected).toBeLessThanOrEqual(short.high);
    expect(long.expected).toBeGreaterThan(short.expected);
    expect(short.basis).toBe('prior');
    expect(short.agents.image.expected).toBe(4n * 12_000_000n);
    const offline = estimateBuild({
      table: t,
      models: {
        planner: 'local-template',
        image: 'local-template',
        frontend: 'local-template',
        testing: 'local-template',
      },
      prompt: 'a bakery',
    });
    expect(offline.agents.image.expected).toBeGreaterThan(4n * 1_000_000n);
  });
  it('uses history once it has enough samples', () => {
    const e = estimateBuild({
      table: t,
      models,
      prompt: 'x',
      history: {
        planner: { p50: 1000, p90: 2000, samples: 10 },
        frontend: { p50: 5000, p90: 9000, samples: 2 },
      },
    });
    expect(e.basis).toBe('history');
    expect(e.agents.planner.expected).toBe(1_000_000n);
    expect(e.agents.planner.high).toBe(2_500_000n);
  });
});
