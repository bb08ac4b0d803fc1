import fc from 'fast-check';
import { parse } from 'parse5';
import { attr, elements } from './check/html-tree';
import { checkSite } from './check/check-site';
import { drawImages } from './images/draw-images';
import { planSite } from './plan/plan-site';
import { sitePlanSchema } from './plan/site-plan';
import { renderSite } from './render/render-site';

const nasty = fc.constantFrom(
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '{name}[{city}]',
  ']]>',
  '&amp;',
  '\u0000\u0007\uFFFE\uD800',
  '#top',
  'https://evil.example',
  '*/ }',
  "O'Brien & Sons",
);
const words = fc.array(
  fc.oneof(
    fc.string({ unit: 'binary', maxLength: 12 }),
    nasty,
    fc.constantFrom(
      'coffee',
      'SaaS',
      'photographer',
      'pricing',
      'FAQ',
      'gallery',
      'dark theme',
      'navy',
      '#ff00aa',
    ),
  ),
  { maxLength: 12 },
);

/** Free text, plus prompts shaped like real ones so name, city and offer extraction see hostile values. */
const prompts = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc
    .tuple(
      fc.constantFrom('A bakery', 'A law firm', 'An online store', 'A wedding', 'A gym', 'A podcast'),
      words,
      words,
      words,
    )
    .map(
      ([what, name, city, offer]) =>
        `${what} called ${name.join(' ')} in ${city.join(' ')} selling ${offer.join(' ')}`,
    ),
  words.map((w) => w.join(' ')),
);

describe('any prompt', () => {
  it('gives a valid plan and a site that passes every check', () => {
    fc.assert(
      fc.property(prompts, (prompt) => {
        const plan = planSite(prompt);
        expect(sitePlanSchema.safeParse(JSON.parse(JSON.stringify(plan))).success).toBe(true);
        const files = renderSite(plan, drawImages(plan));
        const failed = checkSite(files).checks.filter((c) => !c.passed);
        expect(failed).toEqual([]);
        const els = elements(parse(files[0].content));
        expect(els.filter((e) => e.tagName === 'script').map((e) => attr(e, 'src'))).toEqual(['app.js']);
        expect(els.flatMap((e) => e.attrs.map((a) => a.name)).filter((a) => a.startsWith('on'))).toEqual([]);
        expect(
          els.filter((e) => e.tagName === 'img').every((e) => attr(e, 'src')?.startsWith('assets/')),
        ).toBe(true);
      }),
      { numRuns: 60, seed: 20250101 },
    );
  });
});
