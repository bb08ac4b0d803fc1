import { z } from 'zod';
import { parseJsonAs } from './parse-json';

describe('parseJsonAs', () => {
  const point = z.object({ x: z.number(), y: z.number() });

  it('answers the value when the text is JSON of that shape', () => {
    expect(parseJsonAs(point, '{"x":1,"y":2}')).toEqual({ x: 1, y: 2 });
  });

  it.each([
    ['not JSON', '{x:1'],
    ['JSON of another shape', '{"x":1}'],
    ['empty', ''],
  ])('answers null for %s', (_, text) => {
    expect(parseJsonAs(point, text)).toBeNull();
  });
});
