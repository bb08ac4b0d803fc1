import { CHROME_COMPONENTS } from './chrome';
import { COMMERCE_COMPONENTS } from './commerce';
import { FEATURE_COMPONENTS } from './features';
import { FOOD_COMPONENTS } from './food';
import { FORM_COMPONENTS } from './forms';
import { HERO_COMPONENTS } from './heroes';
import { MEDIA_COMPONENTS } from './media';
import { PEOPLE_COMPONENTS } from './people';
import { PROOF_COMPONENTS } from './proof';
import { SCHEDULE_COMPONENTS } from './schedule';
import type { ComponentDef, ComponentKind } from './types';

const ALL: readonly ComponentDef[] = [
  ...CHROME_COMPONENTS,
  ...HERO_COMPONENTS,
  ...FEATURE_COMPONENTS,
  ...PROOF_COMPONENTS,
  ...MEDIA_COMPONENTS,
  ...FOOD_COMPONENTS,
  ...PEOPLE_COMPONENTS,
  ...FORM_COMPONENTS,
  ...SCHEDULE_COMPONENTS,
  ...COMMERCE_COMPONENTS,
];

export const COMPONENTS: Readonly<Record<string, ComponentDef>> = Object.fromEntries(
  ALL.map((c) => [c.id, c]),
);
if (Object.keys(COMPONENTS).length !== ALL.length) throw new Error('sitegen: two components share an id');

export const COMPONENT_IDS = ALL.map((c) => c.id) as [string, ...string[]];
export const COMPONENT_COUNT = ALL.length;

export function listComponents(): ReadonlyArray<Pick<ComponentDef, 'id' | 'kind' | 'name' | 'slot'>> {
  return ALL.map(({ id, kind, name, slot }) => ({ id, kind, name, slot }));
}

/** The first component of a kind: what the planner adds when a prompt asks for, say, "a FAQ". */
export function componentOfKind(kind: ComponentKind): ComponentDef | undefined {
  return ALL.find((c) => c.kind === kind);
}
