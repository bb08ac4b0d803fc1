import { parse } from 'parse5';
import { checkSite } from '../check/check-site';
import { attr, elements } from '../check/html-tree';
import { drawImages, imagePrompts } from '../images/draw-images';
import { planSite } from '../plan/plan-site';
import { TEMPLATES } from '../templates/registry';
import { renderSite } from './render-site';

const build = (prompt: string, templateId?: string) => {
  const plan = planSite(prompt, { templateId });
  const images = drawImages(plan);
  return { plan, images, files: renderSite(plan, images) };
};
const fileOf = (files: ReturnType<typeof renderSite>, path: string) =>
  files.find((f) => f.path === path)?.content ?? '';

describe('renderSite', () => {
  it.each(TEMPLATES.map((t) => [t.id]))('renders %s into a site that passes every check', (id) => {
    const { files } = build('A small business called Northwind in Porto with a FAQ', id);
    const report = checkSite(files);
    const failed = report.checks.filter((c) => !c.passed);
    expect(failed).toEqual([]);
    expect(report.passed).toBe(true);
    expect(files.map((f) => f.path).slice(0, 3)).toEqual(['index.html', 'styles.css', 'app.js']);
    expect(report.stats.images).toBeGreaterThanOrEqual(1);
  });

  it('writes the document head, landmarks and one h1', () => {
    const { files, plan } = build('A coffee shop called Bean There in Lisbon');
    const html = fileOf(files, 'index.html');
    expect(html.startsWith('<!doctype html>\n<html lang="en">')).toBe(true);
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(html).toContain(`<title>${plan.seo.title}</title>`);
    const els = elements(parse(html));
    expect(els.filter((e) => e.tagName === 'h1')).toHaveLength(1);
    for (const tag of ['header', 'nav', 'main', 'footer'])
      expect(els.some((e) => e.tagName === tag)).toBe(true);
    expect(attr(els.find((e) => e.tagName === 'a') as never, 'href')).toBe('#main');
  });

  it('ships mobile-first CSS and a small script that enhances, never requires', () => {
    const { files } = build('A SaaS landing page for a CRM');
    const css = fileOf(files, 'styles.css');
    expect(css).toMatch(/@media \(min-width:48em\)/);
    expect(css).not.toMatch(/max-width:\s*\d+(px|em)\)/);
    expect(css).toMatch(/:root\{--bg:#[0-9a-f]{6};/);
    const js = fileOf(files, 'app.js');
    expect(js).toContain('aria-expanded');
    expect(js.length).toBeLessThan(3000);
    expect(
      files.every(
        (f) => !/https?:\/\//.test(f.content.replace(/xmlns="http:\/\/www\.w3\.org\/2000\/svg"/g, '')),
      ),
    ).toBe(true);
  });

  it('renders prompt text as text: a <script> in the prompt never becomes markup', () => {
    const evil = 'A bakery called "<script>alert(1)</script><img src=x onerror=alert(2)>" in Paris';
    const { files, plan } = build(evil);
    expect(plan.business.name).toContain('<script>');
    const html = fileOf(files, 'index.html');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    const els = elements(parse(html));
    expect(els.filter((e) => e.tagName === 'script').map((e) => attr(e, 'src'))).toEqual(['app.js']);
    expect(els.some((e) => e.attrs.some((a) => a.name === 'onerror'))).toBe(false);
    for (const svg of files.filter((f) => f.path.endsWith('.svg')))
      expect(svg.content).not.toMatch(/<script|onerror=/);
    expect(checkSite(files).passed).toBe(true);
  });

  it('is deterministic: the same prompt gives byte-identical files', () => {
    const a = build('A wedding website for Ana & Rui in Sintra').files;
    const b = build('A wedding website for Ana & Rui in Sintra').files;
    expect(a).toEqual(b);
  });

  it('only links images that were drawn, and writes every drawn image', () => {
    const { plan, images } = build('A photographer portfolio');
    const files = renderSite(plan, images.slice(0, 2));
    expect(files.filter((f) => f.path.startsWith('assets/')).map((f) => f.path)).toEqual(
      images.slice(0, 2).map((i) => i.path),
    );
    expect(checkSite(files).checks.find((c) => c.id === 'internal-links')?.passed).toBe(true);
  });

  it('refuses a plan or images that fail their schemas instead of rendering them', () => {
    const { plan, images } = build('A law firm');
    const broken = {
      ...plan,
      sections: plan.sections.map((s, i) =>
        i === 1 ? { ...s, cta: { label: 'x', href: 'javascript:alert(1)' } } : s,
      ),
    };
    expect(() => renderSite(broken, images)).toThrow();
    expect(() => renderSite(plan, [{ ...images[0], path: '../../outside.svg' }])).toThrow(/assets/);
  });
});

describe('drawImages and imagePrompts', () => {
  it('draws a titled SVG for every planned image, in the plan palette', () => {
    const { plan, images } = build('A boutique hotel called Casa Azul in Lisbon');
    expect(images.map((i) => i.path)).toEqual(plan.images.map((i) => i.path));
    for (const img of images) {
      expect(img.svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="0 0 \d+ \d+"/);
      expect(img.svg).toContain(`<title id="title">${img.alt}</title>`);
      expect(img.alt.length).toBeGreaterThan(5);
      expect(img.description.length).toBeGreaterThan(20);
    }
    expect(images.find((i) => i.path === 'assets/hero.svg')?.svg).toContain(plan.theme.palette.primary);
    expect(images.find((i) => i.path === 'assets/logo.svg')?.svg).toContain('>CA</text>');
  });

  it('varies pictures between items and between businesses', () => {
    const a = build('A photographer portfolio called North Light').images;
    const b = build('A photographer portfolio called South Light').images;
    const gallery = a.filter((i) => i.path.startsWith('assets/work-'));
    expect(new Set(gallery.map((i) => i.svg)).size).toBe(gallery.length);
    expect(a.find((i) => i.path === 'assets/hero.svg')?.svg).not.toBe(
      b.find((i) => i.path === 'assets/hero.svg')?.svg,
    );
  });

  it('gives one prompt per image for a real image model', () => {
    const { plan } = build('A coffee shop called Bean There in Lisbon');
    const prompts = imagePrompts(plan);
    expect(prompts.map((p) => p.path)).toEqual(plan.images.map((i) => i.path));
    expect(prompts.find((p) => p.path === 'assets/hero.svg')?.prompt).toMatch(/coffee.*Bean There.*Lisbon/s);
    expect(prompts.find((p) => p.path === 'assets/hero.svg')?.size).toBe('1536x1024');
  });
});
