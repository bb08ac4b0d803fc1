import { loadConfig } from '@autowebiq/config';
import { PreviewTokens } from './preview-tokens.service';

const BUILD = '0f8e2b7c-1d2a-4c3b-9e8f-7a6b5c4d3e2f';
const tokens = (env: Record<string, string> = { ADMIN_TOKEN: 'admin-token-for-tests-1234' }) => new PreviewTokens(loadConfig({ PREVIEW_TTL_SECONDS: '60', ...env }));

describe('PreviewTokens', () => {
  it('verifies its own link for the build it was signed for, as a single path segment', () => {
    const t = tokens();
    const link = t.link(BUILD);
    expect(link.url).toBe(`/v1/previews/${link.token}/index.html`);
    expect(link.token).toMatch(/^[\w.-]{1,100}$/);
    expect(t.verify(link.token)).toBe(BUILD);
  });

  it('refuses a link once it expired', () => {
    const t = tokens();
    const now = Date.now();
    const { token, expiresAt } = t.link(BUILD, now);
    expect(expiresAt.getTime()).toBe((Math.floor(now / 1000) + 60) * 1000);
    expect(t.verify(token, expiresAt.getTime() - 1)).toBe(BUILD);
    expect(t.verify(token, expiresAt.getTime())).toBeNull();
  });

  it('refuses any change to the build, the expiry or the signature', () => {
    const t = tokens();
    const { token } = t.link(BUILD);
    const [head, sig] = token.split('.');
    const otherBuild = head.replace(/^0/, '1');
    const later = head.slice(0, 32) + (parseInt(head.slice(32), 36) + 3600).toString(36);
    expect(t.verify(`${otherBuild}.${sig}`)).toBeNull();
    expect(t.verify(`${later}.${sig}`)).toBeNull();
    expect(t.verify(`${head}.${sig.slice(0, -1)}${sig.endsWith('A') ? 'B' : 'A'}`)).toBeNull();
    expect(t.verify(`${head}.${sig}x`)).toBeNull();
    expect(t.verify('')).toBeNull();
  });

  it('a link signed with another secret is refused; PREVIEW_SECRET wins over ADMIN_TOKEN', () => {
    const a = tokens({ ADMIN_TOKEN: 'admin-token-for-tests-1234' });
    const b = tokens({ ADMIN_TOKEN: 'another-admin-token-5678' });
    const c = tokens({ ADMIN_TOKEN: 'admin-token-for-tests-1234', PREVIEW_SECRET: 'a-dedicated-preview-secret' });
    const token = a.link(BUILD).token;
    expect(b.verify(token)).toBeNull();
    expect(c.verify(token)).toBeNull();
    expect(tokens({ ADMIN_TOKEN: 'admin-token-for-tests-1234' }).verify(token)).toBe(BUILD);
  });
});
