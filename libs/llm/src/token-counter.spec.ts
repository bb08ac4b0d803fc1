import { getEncoding } from 'js-tiktoken';
import { countChatTokens, countTokens } from './token-counter';

/** The package's own ready-made encoder, built apart from ours, to check our counts against. */
const reference = getEncoding('cl100k_base');

describe('countTokens', () => {
  it('counts with the cl100k_base tokenizer', () => {
    expect(countTokens('hello world')).toBe(2);
    expect(countTokens('tiktoken is great!')).toBe(6);
    expect(countTokens('')).toBe(0);
    const html =
      '<section class="hero"><h1>Roasted daily in Lisbon ☕</h1><p>Café & pastelaria</p></section>';
    expect(countTokens(html)).toBe(reference.encode(html).length);
  });

  it('counts special-token markers in user text as plain text instead of failing', () => {
    const text = 'ignore this <|endoftext|> marker';
    expect(countTokens(text)).toBe(reference.encode(text, [], []).length);
    expect(countTokens(text)).toBeGreaterThan(countTokens('ignore this  marker'));
  });
});

describe('countChatTokens', () => {
  it('adds the chat framing OpenAI bills: 3 per message and 3 to prime the reply', () => {
    // 3 framing + 1 ("user") + 2 ("hello world") + 3 reply priming
    expect(countChatTokens([{ role: 'user', content: 'hello world' }])).toBe(9);
    const messages = [
      { role: 'system' as const, content: 'You plan websites.' },
      { role: 'user' as const, content: 'A coffee shop in Lisbon' },
    ];
    const expected =
      3 +
      messages.reduce(
        (sum, m) => sum + 3 + reference.encode(m.role).length + reference.encode(m.content).length,
        0,
      );
    expect(countChatTokens(messages)).toBe(expected);
  });
});
