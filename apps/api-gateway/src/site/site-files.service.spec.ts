import { sitePath } from './site-files.service';

describe('sitePath', () => {
  it.each([
    [undefined, 'index.html'],
    ['', 'index.html'],
    ['/', 'index.html'],
    ['about/', 'about/index.html'],
    ['images/hero.svg', 'images/hero.svg'],
  ])('%p names %p', (raw, expected) => {
    expect(sitePath(raw)).toBe(expected);
  });

  it.each(['../secret', 'a/../../b', './index.html', 'a//b', 'a\\..\\b', 'a\0b', 'x'.repeat(600)])('refuses %p', (raw) => {
    expect(sitePath(raw)).toBeNull();
  });
});
