import type { CopyHint } from '../components/types';
import type { MotifId } from '../images/motifs';
import type { FontPairingId } from '../theme/fonts';
import type { PaletteSeed } from '../theme/palette';
import type { Category } from './categories';

export interface SectionHint extends CopyHint {
  /** Component id. */
  use: string;
  /** Subject of this section's pictures; defaults to the template's motif. */
  motif?: MotifId;
  /** One subject per item picture, cycled (a gallery of varied shots). */
  motifs?: readonly MotifId[];
}

export interface TemplateDef {
  id: string;
  name: string;
  category: Category;
  /** What the business is, in a few words: "coffee shop". */
  noun: string;
  /** Visual style words, used in image prompts and descriptions. */
  style: string;
  /** Word or phrase → weight. Phrases (with a space) score when the prompt contains them verbatim. */
  keywords: Readonly<Record<string, number>>;
  palette: PaletteSeed;
  fonts: FontPairingId;
  radius: 'sharp' | 'soft' | 'round';
  motif: MotifId;
  /** Fallbacks when the prompt does not say: the business name, what it offers, its tagline. */
  copy: { name: string; offer: string; tagline: string };
  sections: readonly SectionHint[];
}
