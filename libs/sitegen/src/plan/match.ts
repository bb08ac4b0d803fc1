import { CATEGORIES } from '../templates/categories';
import { FALLBACK_TEMPLATE_ID, TEMPLATES } from '../templates/registry';
import type { TemplateDef } from '../templates/types';

/** Naming the category ("shop", "clinic") counts as much as a strong keyword. */
const CATEGORY_BONUS = 30;

export interface TemplateMatch {
  template: TemplateDef;
  score: number;
  /** The keywords and phrases that scored, for the planner's explanation. */
  hits: string[];
}

/** Crude English singular: "bakeries" → "bakery", "classes" → "class", "tools" → "tool". */
function stem(word: string): string {
  if (word.length <= 4) return word;
  if (word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (/(ss|x|z|ch|sh)es$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('s') && !word.endsWith('ss') && !word.endsWith('us')) return word.slice(0, -1);
  return word;
}

/** Lower case, no accents, words stemmed and separated by single spaces, padded for phrase search. */
export function normalise(text: string): string {
  const words = text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .map(stem);
  return ` ${words.join(' ')} `;
}

/** Per template: label, normalised form, weight. Forms that stem alike ("property", "properties") count once. */
const keywordIndex = new Map<TemplateDef, Array<[string, string, number]>>(
  TEMPLATES.map((t) => {
    const byForm = new Map<string, [string, string, number]>();
    for (const [label, weight] of Object.entries(t.keywords)) {
      const form = normalise(label);
      if ((byForm.get(form)?.[2] ?? 0) < weight) byForm.set(form, [label, form, weight]);
    }
    return [t, [...byForm.values()]];
  }),
);
const synonymIndex = Object.fromEntries(
  Object.entries(CATEGORIES).map(([cat, c]) => [cat, c.synonyms.map((s) => normalise(s))]),
) as Record<TemplateDef['category'], string[]>;

function scoreTemplate(t: TemplateDef, prompt: string): TemplateMatch {
  let score = 0;
  const hits: string[] = [];
  for (const [label, norm, weight] of keywordIndex.get(t) ?? []) {
    if (prompt.includes(norm)) {
      score += weight;
      hits.push(label);
    }
  }
  if (synonymIndex[t.category].some((s) => prompt.includes(s))) {
    score += CATEGORY_BONUS;
    hits.push(`category:${t.category}`);
  }
  return { template: t, score, hits };
}

/**
 * Every template scored against the prompt, best first. Ties go to the template with more
 * distinct hits, then to library order, so the same prompt always picks the same template.
 */
export function rankTemplates(prompt: string): TemplateMatch[] {
  const norm = normalise(prompt);
  const scored = TEMPLATES.map((t, index) => ({ ...scoreTemplate(t, norm), index }));
  scored.sort((a, b) => b.score - a.score || b.hits.length - a.hits.length || a.index - b.index);
  if (scored[0].score === 0) {
    const fallback = scored.findIndex((m) => m.template.id === FALLBACK_TEMPLATE_ID);
    scored.unshift(...scored.splice(fallback, 1));
  }
  return scored.map(({ template, score, hits }) => ({ template, score, hits }));
}
