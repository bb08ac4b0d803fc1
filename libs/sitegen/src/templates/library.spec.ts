import { COMPONENTS, COMPONENT_COUNT, listComponents } from '../components/registry';
import { NAMED_COLOURS } from '../theme/named-colours';
import { derivePalette, paletteContrastIssues } from '../theme/palette';
import { CATEGORY_IDS } from './categories';
import { TEMPLATES, TEMPLATE_COUNT, listTemplates } from './registry';

describe('template and component library', () => {
  it('has at least 24 templates and 50 components, all with distinct ids', () => {
    expect(TEMPLATE_COUNT).toBeGreaterThanOrEqual(24);
    expect(COMPONENT_COUNT).toBeGreaterThanOrEqual(50);
    expect(new Set(listTemplates().map((t) => t.id)).size).toBe(TEMPLATE_COUNT);
    expect(new Set(listComponents().map((c) => c.id)).size).toBe(COMPONENT_COUNT);
  });

  it('covers real categories, most of them with their own template', () => {
    const used = new Set(TEMPLATES.map((t) => t.category));
    expect(used.size).toBeGreaterThanOrEqual(24);
    for (const c of used) expect(CATEGORY_IDS).toContain(c);
    for (const name of [
      'Luxury E-commerce',
      'SaaS Product Launch',
      'Photographer Portfolio',
      'Cozy Coffee House',
    ]) {
      expect(TEMPLATES.map((t) => t.name)).toContain(name);
    }
  });

  it('uses a reasonable share of the component library', () => {
    const used = new Set(TEMPLATES.flatMap((t) => t.sections.map((s) => s.use)));
    expect(used.size).toBeGreaterThanOrEqual(50);
  });

  describe.each(TEMPLATES.map((t) => [t.id, t] as const))('%s', (_id, t) => {
    it('is a navbar, then main sections, then a footer, all made of known components', () => {
      const slots = t.sections.map((s) => COMPONENTS[s.use]?.slot);
      expect(slots[0]).toBe('header');
      expect(slots[slots.length - 1]).toBe('footer');
      expect(slots.slice(1, -1).every((s) => s === 'main')).toBe(true);
      expect(COMPONENTS[t.sections[1].use].kind).toBe('hero');
      expect(slots.length).toBeGreaterThanOrEqual(7);
    });

    it('has weighted keywords and readable copy fallbacks', () => {
      expect(Object.keys(t.keywords).length).toBeGreaterThanOrEqual(8);
      expect(Object.values(t.keywords).every((w) => w > 0 && w <= 30)).toBe(true);
      expect(t.copy.name && t.copy.offer && t.copy.tagline).toBeTruthy();
    });

    it('gives every hinted item the "title | text | meta | icon" shape', () => {
      for (const s of t.sections)
        for (const item of s.items ?? []) expect(item.split('|').length).toBeLessThanOrEqual(4);
    });

    it('derives a palette that passes WCAG AA for every text pair', () => {
      expect(paletteContrastIssues(derivePalette(t.palette))).toEqual([]);
    });
  });

  it('keeps contrast for every colour a prompt can name, on light and dark grounds', () => {
    for (const hex of Object.values(NAMED_COLOURS)) {
      for (const [bg, text] of [
        ['#ffffff', '#1a1a1a'],
        ['#111317', '#f3f4f6'],
        ['#fbf6ef', '#2b1d14'],
      ]) {
        const palette = derivePalette({ bg, text, primary: hex, accent: hex });
        expect({ hex, bg, issues: paletteContrastIssues(palette) }).toEqual({ hex, bg, issues: [] });
      }
    }
  });
});
