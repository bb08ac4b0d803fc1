import { hrefOf, parseRoute } from './router';

describe('hash routes', () => {
  const id = '0b9c6f0e-3c1a-4a51-9d0e-2f5f7d1c9a11';

  it('reads every page and a build from the hash', () => {
    expect(parseRoute('')).toEqual({ name: 'workspace' });
    expect(parseRoute('#/')).toEqual({ name: 'workspace' });
    expect(parseRoute(`#/workspace/${id}`)).toEqual({ name: 'workspace', buildId: id });
    expect(parseRoute(`#/workspace/${id.toUpperCase()}/`)).toEqual({ name: 'workspace', buildId: id });
    expect(parseRoute('#/builds')).toEqual({ name: 'builds' });
    expect(parseRoute('#/usage')).toEqual({ name: 'usage' });
  });

  it('refuses what is not a page', () => {
    expect(parseRoute('#/workspace/not-a-uuid')).toEqual({ name: 'not_found' });
    expect(parseRoute('#main')).toEqual({ name: 'not_found' });
  });

  it('round-trips its own links', () => {
    for (const href of [hrefOf.workspace(), hrefOf.workspace(id), hrefOf.builds(), hrefOf.usage()]) {
      expect(parseRoute(href).name).not.toBe('not_found');
    }
    expect(parseRoute(hrefOf.workspace(id))).toEqual({ name: 'workspace', buildId: id });
  });
});
