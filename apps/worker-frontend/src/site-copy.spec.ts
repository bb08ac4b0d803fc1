import { planSite } from '@autowebiq/sitegen';
import { copyOf, withCopy } from './site-copy';

describe('site copy from a model', () => {
  const plan = planSite('A cozy coffee shop in Portland with pastries');

  it('puts the model words into the plan, section by anchor', () => {
    const copy = copyOf(plan);
    copy.seo.title = 'Fresh coffee in Portland';
    copy.sections[1].heading = 'Roasted this morning';
    copy.sections.push({ anchor: 'not-a-section', heading: 'ignored' });
    const next = withCopy(plan, JSON.stringify(copy))!;
    expect(next.seo.title).toBe('Fresh coffee in Portland');
    expect(next.sections[1].heading).toBe('Roasted this morning');
    expect(next.sections.map((s) => s.anchor)).toEqual(plan.sections.map((s) => s.anchor));
    expect(next.sections[2]).toEqual(plan.sections[2]);
  });

  it('refuses answers that are not copy, or that would break the page', () => {
    expect(withCopy(plan, 'Sure! Here is your copy:')).toBeNull();
    expect(withCopy(plan, JSON.stringify({ sections: [] }))).toBeNull();
    const tooLong = copyOf(plan);
    tooLong.sections[1].heading = 'x'.repeat(5000);
    expect(withCopy(plan, JSON.stringify(tooLong))).toBeNull();
  });
});
