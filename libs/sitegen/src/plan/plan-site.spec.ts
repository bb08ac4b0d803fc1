import { AgentMessages } from '@autowebiq/contracts';
import { COMPONENTS } from '../components/registry';
import { describePlan } from './describe';
import { extractFacts } from './extract';
import { TEMPLATES } from '../templates/registry';
import { rankTemplates } from './match';
import { planSite } from './plan-site';
import { sitePlanSchema, type SitePlan } from './site-plan';

const COFFEE = 'A coffee shop called Bean There in Lisbon';
const SAAS = 'A SaaS landing page for a project management tool called Flowly';
const PHOTO = 'A portfolio for Jane Doe, a wedding photographer based in New York';

const kinds = (plan: SitePlan) => plan.sections.map((s) => COMPONENTS[s.component].kind);
const allText = (plan: SitePlan) => JSON.stringify(plan.sections);

describe('planSite', () => {
  it('gives a coffee shop, a SaaS page and a photographer different templates and contents', () => {
    const plans = [COFFEE, SAAS, PHOTO].map((p) => planSite(p));
    expect(plans.map((p) => p.template.id)).toEqual(['cafe-cozy', 'saas-launch', 'portfolio-photographer']);
    expect(new Set(plans.map((p) => p.template.category)).size).toBe(3);
    expect(new Set(plans.map((p) => p.theme.palette.primary)).size).toBe(3);
    const [coffee, saas, photo] = plans;
    expect(kinds(coffee)).toContain('menu');
    expect(kinds(saas)).toContain('pricing');
    expect(kinds(photo)).toContain('gallery');
    expect(allText(coffee)).toMatch(/Espresso/);
    expect(allText(saas)).not.toMatch(/Espresso/);
  });

  it('takes the name and the city from the prompt and uses the city in the copy', () => {
    const plan = planSite(COFFEE);
    expect(plan.business.name).toBe('Bean There');
    expect(plan.business.city).toBe('Lisbon');
    expect(plan.seo.title).toBe('Bean There · Coffee shop in Lisbon');
    expect(plan.business.tagline).toContain('Lisbon');
    expect(allText(plan)).toContain('Lisbon');
    expect(planSite(PHOTO).business).toMatchObject({ name: 'Jane Doe', city: 'New York' });
  });

  it('reads what the business offers and the colours the prompt asks for', () => {
    const facts = extractFacts(
      'An online shop named Wick & Wax selling hand-poured soy candles, in sage green and white',
    );
    expect(facts).toMatchObject({ name: 'Wick & Wax', offer: 'hand-poured soy candles' });
    const plan = planSite(
      'An online shop named Wick & Wax selling hand-poured soy candles, in sage green and white',
    );
    expect(plan.business.offer).toBe('hand-poured soy candles');
    expect(plan.sections.find((s) => COMPONENTS[s.component].kind === 'hero')?.heading).toMatch(
      /^Hand-poured soy candles/,
    );
    const red = planSite('a bakery in red');
    const blue = planSite('a bakery in blue');
    expect(red.template.id).toBe(blue.template.id);
    expect(red.theme.palette.primary).not.toBe(blue.theme.palette.primary);
    expect(planSite('a dark theme bakery').theme.palette.bg).not.toBe(planSite('a bakery').theme.palette.bg);
  });

  it('does not mistake the clause after "called" or "selling" for a name or an offer', () => {
    expect(extractFacts('A florist called In Bloom in Paris')).toMatchObject({
      name: 'In Bloom',
      city: 'Paris',
    });
    expect(extractFacts('a shop called in lisbon').name).toBeUndefined();
    expect(extractFacts('I want to sell my paintings online').offer).toBe('paintings online');
    expect(extractFacts('A website that makes me money').offer).toBeUndefined();
    expect(extractFacts('A bakery called "Le Petit Four" in Lyon')).toMatchObject({
      name: 'Le Petit Four',
      city: 'Lyon',
    });
  });

  it('reports the match score: a luxury jewellery store scores 105.0', () => {
    const plan = planSite('A luxury online store for handmade jewelry');
    expect(plan.template.name).toBe('Luxury E-commerce');
    expect(describePlan(plan, new AgentMessages()).slice(0, 2)).toEqual([
      'Selected template: Luxury E-commerce',
      'Category: ecommerce • Match score: 105.0',
    ]);
    const ranked = rankTemplates('A luxury online store for handmade jewelry');
    expect(ranked[0].hits).toEqual(
      expect.arrayContaining(['luxury', 'jewelry', 'online store', 'category:ecommerce']),
    );
    expect(ranked[1].score).toBeLessThan(ranked[0].score);
  });

  it('adds sections the prompt asks for when the template lacks them', () => {
    const plain = planSite('A boutique hotel in Porto');
    const asked = planSite('A boutique hotel in Porto with a FAQ, a team section and a newsletter');
    for (const kind of ['faq', 'team', 'newsletter'] as const) {
      expect(kinds(plain)).not.toContain(kind);
      expect(kinds(asked)).toContain(kind);
    }
    expect(kinds(asked).at(-1)).toBe('footer');
  });

  it('falls back to a general template for a prompt with no subject', () => {
    const plan = planSite('zxqv');
    expect(plan.template).toMatchObject({ id: 'local-services', score: 0 });
    expect(plan.business.name.length).toBeGreaterThan(0);
  });

  it('is deterministic, with a stable tie-break', () => {
    expect(JSON.stringify(planSite(SAAS))).toBe(JSON.stringify(planSite(SAAS)));
    expect(rankTemplates('').map((m) => m.template.id)).toEqual(rankTemplates('').map((m) => m.template.id));
  });

  it('plans one image per picture, each with alt text, and links only to its own anchors', () => {
    for (const plan of [COFFEE, SAAS, PHOTO].map((p) => planSite(p))) {
      const paths = plan.images.map((i) => i.path);
      expect(new Set(paths).size).toBe(paths.length);
      expect(plan.images.every((i) => i.alt.trim().length > 5)).toBe(true);
      const anchors = new Set(plan.sections.map((s) => `#${s.anchor}`));
      for (const s of plan.sections)
        for (const cta of [s.cta, s.secondaryCta]) if (cta) expect(anchors).toContain(cta.href);
    }
  });

  it('can be asked for a particular template, and refuses an unknown one', () => {
    expect(planSite(COFFEE, { templateId: 'law-firm' }).template.id).toBe('law-firm');
    expect(() => planSite(COFFEE, { templateId: 'nope' })).toThrow(RangeError);
  });
});

describe('rankTemplates', () => {
  const routes: Array<[string, string]> = [
    ['A luxury online store for handmade jewelry', 'ecom-luxury'],
    ['An online shop selling handmade candles', 'ecom-everyday'],
    ['SaaS landing page for a CRM', 'saas-launch'],
    ['A mobile app for habit tracking on iOS and Android', 'app-showcase'],
    ['A startup waitlist page for our AI tool', 'startup-launch'],
    ['Portfolio for a wedding photographer', 'portfolio-photographer'],
    ['Portfolio for a freelance illustrator', 'portfolio-designer'],
    ['A digital marketing agency', 'agency-creative'],
    ['An architecture firm designing homes', 'architecture-studio'],
    ['A coffee shop called Bean There in Lisbon', 'cafe-cozy'],
    ['An Italian restaurant with a wine list', 'restaurant-bistro'],
    ['A sourdough bakery', 'bakery-artisan'],
    ['A food blog with recipes', 'blog-editorial'],
    ['A true crime podcast', 'podcast-show'],
    ['A rock band with tour dates', 'music-band'],
    ['A street food festival', 'event-festival'],
    ['A tech conference with speakers and workshops', 'conference-tech'],
    ['Our wedding website with RSVP', 'wedding-classic'],
    ['A family law firm', 'law-firm'],
    ['A business coach', 'consulting-firm'],
    ['A dental clinic', 'medical-clinic'],
    ['Real estate agency in Lisbon', 'real-estate-agency'],
    ['A barber shop', 'beauty-salon'],
    ['An emergency plumber', 'local-services'],
    ['An animal rescue charity', 'nonprofit-cause'],
    ['Online courses for learning Spanish', 'education-academy'],
    ['A yoga studio', 'fitness-studio'],
    ['A boutique hotel by the sea', 'hotel-boutique'],
    ['Guided hiking tours', 'travel-tours'],
    ['My resume as a software engineer', 'resume-personal'],
  ];

  it.each(routes)('sends "%s" to %s', (prompt, id) => {
    const [best, second] = rankTemplates(prompt);
    expect(best.template.id).toBe(id);
    expect(best.score).toBeGreaterThan(second.score);
  });

  it('reaches every template from some prompt', () => {
    expect(new Set(routes.map(([, id]) => id)).size).toBe(TEMPLATES.length);
  });

  it('counts keywords that stem alike once ("property" and "properties")', () => {
    const once = rankTemplates('property in Lisbon')[0];
    const both = rankTemplates('property and properties in Lisbon')[0];
    expect(both.score).toBe(once.score);
  });
});

describe('sitePlanSchema', () => {
  const valid = () => JSON.parse(JSON.stringify(planSite(COFFEE))) as SitePlan;
  const errorsOf = (plan: unknown) => {
    const r = sitePlanSchema.safeParse(plan);
    return r.success ? [] : r.error.issues.map((i) => i.message);
  };

  it('accepts a plan round-tripped through JSON, as an LLM would return it', () => {
    expect(errorsOf(valid())).toEqual([]);
  });

  it('rejects plans that would break the page or leave the site', () => {
    const cases: Array<[string, (p: SitePlan) => void, RegExp]> = [
      ['unknown component', (p) => (p.sections[2].component = 'iframe-embed'), /Invalid option/],
      [
        'external CTA',
        (p) => (p.sections[1].cta = { label: 'Go', href: 'https://evil.example' }),
        /in-page #anchor/,
      ],
      ['dangling CTA', (p) => (p.sections[1].cta = { label: 'Go', href: '#nowhere' }), /missing #nowhere/],
      ['markup in an anchor', (p) => (p.sections[2].anchor = 'x" onclick="alert(1)'), /lowercase/],
      ['duplicate anchors', (p) => (p.sections[3].anchor = p.sections[2].anchor), /duplicate anchor/],
      ['image outside assets/', (p) => (p.images[0].path = '../../etc/passwd'), /assets\/<name>\.svg/],
      ['missing image', (p) => (p.sections[1].image = 'assets/ghost.svg'), /not in images/],
      ['CSS in a colour', (p) => (p.theme.palette.bg = 'red;}body{background:url(x)'), /#rrggbb/],
      ['no footer', (p) => p.sections.pop(), /footer/],
    ];
    for (const [label, mutate, message] of cases) {
      const plan = valid();
      mutate(plan);
      expect({ label, errors: errorsOf(plan).join('; ') }).toEqual({
        label,
        errors: expect.stringMatching(message),
      });
    }
  });
});
