import { NAMED_COLOURS, NEUTRAL_COLOURS } from '../theme/named-colours';
import { cleanText, titleCase, truncate } from '../text/text';

/** What a prompt says about the business, beyond which template fits it. */
export interface PromptFacts {
  name?: string;
  city?: string;
  offer?: string;
  colours: { primary?: string; accent?: string; mode?: 'dark' | 'light' };
}

/** Words that end a name or an offer ("called Bean There in Lisbon"). */
const CLAUSE_END = new Set([
  'in',
  'at',
  'on',
  'with',
  'that',
  'which',
  'who',
  'for',
  'and',
  'based',
  'located',
  'from',
  'near',
  'to',
  'offering',
  'selling',
  'sells',
  'specializing',
  'specialising',
  'where',
  'featuring',
  'including',
  'serving',
  'by',
  'called',
  'named',
  'using',
  'plus',
  'has',
  'have',
  'is',
  'are',
  'it',
  'we',
  'our',
]);

const NOT_PLACES = new Set([
  'english',
  'spanish',
  'french',
  'german',
  'italian',
  'portuguese',
  'dutch',
  'chinese',
  'japanese',
  'arabic',
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
  'spring',
  'summer',
  'autumn',
  'winter',
  'the',
  'a',
  'an',
  'my',
  'our',
  'your',
  'business',
  'style',
  'order',
  'stock',
  'time',
  'progress',
  'mind',
  ...Object.keys(NAMED_COLOURS),
]);

/** Lower-case city names recognised even without a capital ("a bakery in lisbon"). */
const KNOWN_CITIES = [
  'amsterdam',
  'athens',
  'austin',
  'barcelona',
  'berlin',
  'boston',
  'brooklyn',
  'brussels',
  'buenos aires',
  'cape town',
  'chicago',
  'copenhagen',
  'dubai',
  'dublin',
  'edinburgh',
  'florence',
  'hamburg',
  'helsinki',
  'hong kong',
  'istanbul',
  'lagos',
  'lisbon',
  'london',
  'los angeles',
  'madrid',
  'melbourne',
  'mexico city',
  'miami',
  'milan',
  'montreal',
  'mumbai',
  'munich',
  'nairobi',
  'new york',
  'oslo',
  'paris',
  'porto',
  'prague',
  'rome',
  'san francisco',
  'seattle',
  'seoul',
  'singapore',
  'stockholm',
  'sydney',
  'tokyo',
  'toronto',
  'vancouver',
  'vienna',
  'warsaw',
  'zurich',
];

const QUOTED = /["“”«»]([^"“”«»]{1,60})["“”«»]/;
const stripEdges = (s: string) => s.replace(/^[\s"'“”‘’«»([{]+|[\s"'“”‘’«»)\]}.,;:!?]+$/g, '');

/** Words after `start` up to the end of the clause, at most `max` of them. */
function clauseAfter(words: readonly string[], start: number, max: number): string[] {
  const out: string[] = [];
  for (let i = start; i < words.length && out.length < max; i++) {
    const raw = words[i];
    const word = stripEdges(raw);
    // A capitalised first word may be part of the name ("called In Bloom"); anywhere else it ends the clause.
    const startsName = out.length === 0 && /^\p{Lu}/u.test(word);
    if (!word || (!startsName && CLAUSE_END.has(word.toLowerCase()))) break;
    out.push(word);
    if (/[,.;:!?)]$/.test(raw) && !/^[A-Z]\.$|^(co|inc|ltd|st)\.$/i.test(raw)) break;
  }
  return out;
}

function tidyName(words: string[]): string | undefined {
  const name = stripEdges(words.join(' '));
  if (!/[\p{L}\d]/u.test(name)) return undefined;
  return truncate(name === name.toLowerCase() ? titleCase(name) : name, 60);
}

function extractName(prompt: string): string | undefined {
  const quoted = QUOTED.exec(prompt);
  if (quoted) return tidyName([cleanText(quoted[1])]);
  const words = prompt.split(/\s+/);
  for (let i = 0; i < words.length - 1; i++) {
    const w = words[i].toLowerCase();
    const trigger = w === 'called' || w === 'named' || (w === 'is' && /^names?$/i.test(words[i - 1] ?? ''));
    if (trigger) {
      const name = tidyName(clauseAfter(words, i + 1, 6));
      if (name) return name;
    }
  }
  // "a website for Acme Robotics": a run of capitalised words after "for".
  const forName = /\bfor\s+((?:[\p{Lu}\d][\p{L}\d'’&.-]*\s?){1,4})/u.exec(prompt);
  return forName ? tidyName([forName[1]]) : undefined;
}

function extractCity(prompt: string, name?: string): string | undefined {
  const connector = '(?:\\s(?:de|da|do|del|di|la|le|los|las|upon|am|on|sur)(?=\\s\\p{Lu}))?';
  const word = "\\p{Lu}[\\p{L}'’.-]*";
  const re = new RegExp(
    `\\b(?:in|based in|located in|from|near|around)\\s+(${word}(?:${connector}\\s${word}){0,3})`,
    'gu',
  );
  for (const m of prompt.matchAll(re)) {
    const city = stripEdges(m[1]);
    const first = city.split(/\s/)[0].toLowerCase();
    if (NOT_PLACES.has(first) || (name && name.includes(city))) continue;
    return truncate(city, 60);
  }
  const lower = ` ${prompt.toLowerCase().replace(/[^\p{L}\s]/gu, ' ')} `;
  const known = KNOWN_CITIES.find((c) => new RegExp(`\\s(?:in|from|near)\\s+${c}\\s`).test(lower));
  return known ? titleCase(known) : undefined;
}

const OFFER_TRIGGERS =
  /\b(?:selling|sells|sell|offering|offers|specializing in|specialising in|specialized in|specialised in|focused on|focusing on|that makes|providing|provides|dedicated to)\s+/i;

function extractOffer(prompt: string): string | undefined {
  const m = OFFER_TRIGGERS.exec(prompt);
  if (!m) return undefined;
  const words = clauseAfter(prompt.slice(m.index + m[0].length).split(/\s+/), 0, 7);
  const offer = stripEdges(words.join(' ')).replace(/^(?:my|our|your|their|the)\s+/i, '');
  if (!/\p{L}{2}/u.test(offer) || /^(a|an|the|my|our)$|^(me|us|it|them|you|him|her)\b/i.test(offer))
    return undefined;
  const lowered = /^\p{Lu}\p{Ll}/u.test(offer) ? offer.charAt(0).toLowerCase() + offer.slice(1) : offer;
  return truncate(lowered, 80);
}

function extractColours(prompt: string): PromptFacts['colours'] {
  const text = ` ${prompt.toLowerCase().replace(/[^a-z0-9#\s]/g, ' ')} `;
  const found: { at: number; hex: string; neutral?: 'dark' | 'light' }[] = [];
  const taken: [number, number][] = [];
  const names = Object.keys(NAMED_COLOURS).sort((a, b) => b.length - a.length);
  for (const name of names) {
    const at = text.indexOf(` ${name} `);
    if (at < 0 || taken.some(([s, e]) => at + 1 >= s && at + 1 < e)) continue;
    taken.push([at + 1, at + 1 + name.length]);
    found.push({ at, hex: NAMED_COLOURS[name], neutral: NEUTRAL_COLOURS[name] });
  }
  for (const m of text.matchAll(/#([0-9a-f]{6}|[0-9a-f]{3})(?![0-9a-z])/g)) {
    const h = m[1].length === 3 ? [...m[1]].map((c) => c + c).join('') : m[1];
    found.push({ at: m.index ?? 0, hex: `#${h}` });
  }
  found.sort((a, b) => a.at - b.at);
  const hues = found.filter((f) => !f.neutral).map((f) => f.hex);
  const neutral = found.find((f) => f.neutral)?.neutral;
  const mode = /\bdark (mode|theme|design|look|style)\b/.test(text)
    ? 'dark'
    : /\blight (mode|theme)\b/.test(text)
      ? 'light'
      : neutral;
  return { primary: hues[0], accent: hues[1], mode };
}

export function extractFacts(prompt: string): PromptFacts {
  const name = extractName(prompt);
  return {
    name,
    city: extractCity(prompt, name),
    offer: extractOffer(prompt),
    colours: extractColours(prompt),
  };
}
