import type { SiteFile } from '../render/site-file';
import { checkSite, summarizeReport } from './check-site';
import { CHECK_DEFINITIONS, type CheckId } from './report';

const CSS = `:root{--bg:#ffffff;--text:#1a1a1a;--primary:#1d4ed8;--on-primary:#ffffff}
body{color:var(--text);background:var(--bg)}
@media (min-width:48em){body{font-size:1.1rem}}`;
const SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><title>A blue square</title><rect width="10" height="10" fill="#00f"/></svg>';

/** A small page that passes every check; each test breaks one thing in it. */
const page = (body = '', head = '') => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Test page</title>
<meta name="description" content="A page for testing the checks">
<link rel="stylesheet" href="styles.css">${head}
</head>
<body>
<a href="#main">Skip to main content</a>
<header><nav aria-label="Main"><a href="#about">About</a></nav></header>
<main id="main">
<h1>Welcome</h1>
<section id="about"><h2>About</h2><img src="assets/square.svg" alt="A blue square"></section>
${body}
</main>
<footer><p>Footer</p></footer>
</body>
</html>`;

const site = (html: string, extra: SiteFile[] = [], css = CSS): SiteFile[] => [
  { path: 'index.html', content: html, content_type: 'text/html; charset=utf-8' },
  { path: 'styles.css', content: css, content_type: 'text/css; charset=utf-8' },
  { path: 'assets/square.svg', content: SVG, content_type: 'image/svg+xml' },
  ...extra,
];

const failing = (files: SiteFile[], opts = {}) => {
  const report = checkSite(files, opts);
  return Object.fromEntries(report.checks.filter((c) => !c.passed).map((c) => [c.id, c.messages]));
};

describe('checkSite', () => {
  it('passes a correct page, with stats', () => {
    const report = checkSite(site(page()));
    expect(failing(site(page()))).toEqual({});
    expect(report.passed).toBe(true);
    expect(report.stats).toMatchObject({ files: 3, images: 1, links: 2 });
    expect(report.stats.bytes).toBe(site(page()).reduce((n, f) => n + Buffer.byteLength(f.content), 0));
    expect(report.checks.map((c) => c.id)).toEqual(CHECK_DEFINITIONS.map((c) => c.id));
  });

  /** [what is broken, the site, the check that must fail, its message, other checks that rightly fail with it] */
  const cases: Array<[string, string | SiteFile[], CheckId, RegExp, CheckId[]?]> = [
    ['an img without alt', page('<img src="assets/square.svg">'), 'img-alt', /has no alt attribute/],
    ['an img with empty alt', page('<img src="assets/square.svg" alt="">'), 'img-alt', /empty alt/],
    [
      'an unnamed inline svg',
      page('<svg viewBox="0 0 1 1"><rect width="1" height="1"/></svg>'),
      'img-alt',
      /inline <svg>/,
    ],
    [
      'a dangling #anchor',
      page('<a href="#pricing">Pricing</a>'),
      'internal-links',
      /#pricing has no matching id/,
    ],
    [
      'a link to a missing file',
      page('<a href="about.html">More</a>'),
      'internal-links',
      /about\.html does not exist/,
    ],
    ['a javascript: link', page('<a href="javascript:alert(1)">Go</a>'), 'internal-links', /javascript: URL/],
    [
      'a missing doctype',
      page().replace('<!doctype html>\n', ''),
      'doctype',
      /missing <!doctype html>/,
      ['html-parse'],
    ],
    ['a parse error', page('<p id=a id=b>dup</p>'), 'html-parse', /duplicate-attribute/],
    ['no lang', page().replace(' lang="en"', ''), 'document-metadata', /no lang/],
    ['no title', page().replace('<title>Test page</title>', ''), 'document-metadata', /<title>/],
    ['duplicate ids', page('<p id="about">again</p>'), 'duplicate-ids', /"about" is used 2 times/],
    [
      'an unlabelled input',
      page('<form action="#main"><input name="email" type="email"><button>Send</button></form>'),
      'form-labels',
      /name="email"> has no label/,
    ],
    ['a label for nothing', page('<label for="ghost">Ghost</label>'), 'aria-references', /for="ghost"/],
    ['an empty link', page('<a href="#about"></a>'), 'link-text', /no accessible text/],
    ['two h1', page('<h1>Again</h1>'), 'headings', /exactly one <h1>, found 2/],
    ['a skipped heading level', page('<h4>Deep</h4>'), 'heading-order', /<h2> is followed by <h4>/],
    [
      'no main',
      page().replace('<main id="main">', '<div id="main">').replace('</main>', '</div>'),
      'landmarks',
      /one <main>, found 0/,
      ['skip-link'],
    ],
    [
      'an external stylesheet',
      page('', '<link rel="stylesheet" href="https://cdn.example.com/x.css">'),
      'external-resources',
      /loads external https:\/\/cdn/,
    ],
    [
      'an inline handler',
      page('<button onclick="go()">Go</button>'),
      'csp-compatible',
      /inline event handler/,
    ],
    [
      'low-contrast text',
      site(page(), [], `${CSS}\n.faint{color:#bbbbbb;background:#ffffff}`),
      'color-contrast',
      /\.faint: #bbbbbb on #ffffff/,
    ],
    [
      'a low-contrast palette',
      site(page(), [], CSS.replace('--primary:#1d4ed8', '--primary:#9db7f5')),
      'color-contrast',
      /--on-primary on --primary/,
    ],
    [
      'no media queries',
      site(page(), [], CSS.replace(/@media[^\n]*/, '')),
      'responsive',
      /no stylesheet has a min-width/,
    ],
  ];

  it.each(cases)('flags %s', (_label, input, id, message, also = []) => {
    const files = typeof input === 'string' ? site(input) : input;
    const failed = failing(files);
    expect(Object.keys(failed).sort()).toEqual([id, ...also].sort());
    expect(failed[id].join('\n')).toMatch(message);
    const severity = CHECK_DEFINITIONS.find((c) => c.id === id)?.severity;
    expect(checkSite(files).passed).toBe(severity === 'warning');
  });

  it('flags an oversize file and an oversize site against a configurable budget', () => {
    const files = site(page(), [
      { path: 'big.js', content: 'x'.repeat(5000), content_type: 'text/javascript' },
    ]);
    expect(failing(files)).toEqual({});
    const failed = failing(files, { maxFileBytes: 4000, maxTotalBytes: 5500 });
    expect(failed['size-budget']).toEqual([
      'big.js is 5000 bytes (budget 4000)',
      expect.stringMatching(/^the site is \d+ bytes \(budget 5500\)$/),
    ]);
  });

  it('flags SVG assets with scripts, external references or no title', () => {
    const bad =
      '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script><image href="https://x.example/a.png"/><rect onload="x()"/></svg>';
    const failed = failing(
      site(page(), [{ path: 'assets/bad.svg', content: bad, content_type: 'image/svg+xml' }]),
    );
    expect(failed['svg-assets']).toEqual([
      'assets/bad.svg: has no <title> (its text alternative)',
      'assets/bad.svg: contains <script>',
      'assets/bad.svg: <image> references https://x.example/a.png',
      'assets/bad.svg: <rect> has event handler onload',
    ]);
  });

  it('never throws on garbage, it reports it', () => {
    const report = checkSite([
      { path: 'index.html', content: '<<<>>>\u0000<div', content_type: 'text/html' },
    ]);
    expect(report.passed).toBe(false);
    expect(report.checks.find((c) => c.id === 'html-parse')?.messages.length).toBeGreaterThan(0);
    expect(checkSite([]).checks.find((c) => c.id === 'document-metadata')?.messages).toEqual([
      'the site has no HTML page',
    ]);
  });

  it('summarises each check on one line for the testing agent', () => {
    const lines = summarizeReport(checkSite(site(page('<img src="assets/square.svg">'))));
    expect(lines).toHaveLength(CHECK_DEFINITIONS.length);
    expect(lines).toContain('✓ HTML parses without errors');
    expect(lines.find((l) => l.startsWith('✗ Every image has alt text'))).toMatch(/has no alt attribute/);
  });
});
