/**
 * Every fixed text an agent or the system sends to users (the `message` of an agent_message, and its
 * `details` lines that are words rather than bare values), by a stable key, with its default. `{name}` marks
 * a value the sender fills in. An operator's AGENT_MESSAGES_FILE may replace any text (libs/config's
 * loadAgentMessages checks it at boot), keeping exactly the placeholders of the default.
 */
export const AGENT_MESSAGE_DEFAULTS = {
  'system.init': 'Initializing build system...',
  'system.build_complete': 'Build complete!',
  'system.generated_in': 'Website generated successfully in {seconds}s',
  'system.total_tokens': 'Total tokens: {tokens}',
  'system.total_credits': 'Total credits: {credits}',
  'system.agent_usage': '{agent}: {tokens} tokens ({credits} credits)',
  'system.refunded': 'Refunded {credits} credits to your balance',
  'system.cancelled': 'Build cancelled',
  'system.failed': 'Build failed: {reason}',
  'system.failed_unknown': 'Build failed: unknown error',
  'system.credit_limit': 'Credit limit reached',
  'system.over_budget':
    'Credit limit reached: this build needed {credits} more credits than your balance allowed; stopping',
  'system.over_budget_charged':
    'Charged what your balance held; {credits} credits of usage were not charged.',

  'agent.running_count': '{activity} ({tokens} tokens so far)',
  'agent.stopped': 'Stopped: {reason}',
  'agent.retrying': '{reason}. Retrying (attempt {attempt} of {attempts})...',

  'planner.analyzing': 'Analyzing your requirements...',
  'planner.searching': 'Searching template library ({templates} templates, {components} components)...',
  'planner.drafting': 'Drafting the site plan...',
  'planner.drafted': 'Drafted {sections} sections and {images} images',
  'planner.plan_unusable':
    'The model answer was not a usable plan; the best-matching template was planned instead',
  'planner.selected': 'Selected template: {template}',
  'planner.category': 'Category: {category} • Match score: {score}',
  'planner.business': 'Business: {name}',
  'planner.business_in': 'Business: {name} • Location: {city}',
  'planner.sections': 'Sections ({count}): {sections}',
  'planner.theme': 'Theme: {style} • Palette {primary} / {accent} on {background}',
  'planner.images': 'Images planned: {count}',

  'image.starting': 'Image Agent starting...',
  'image.generating': 'Generating contextual images for your website...',
  'image.planned': '{count} images planned',
  'image.style': 'Style: {style}',
  'image.generating_one': 'Generating image {number} of {count}: {alt}',
  'image.generated': 'Generated {count} professional images',
  'image.quality': 'Quality: High resolution • Style: {style}',

  'frontend.starting': 'Frontend Agent starting...',
  'frontend.planning': 'Planning the page: {sections} sections, {images} images...',
  'frontend.writing': 'Writing page copy...',
  'frontend.customizing': 'Applying design customizations...',
  'frontend.theme': 'Theme: {style}',
  'frontend.palette': 'Palette {primary} / {accent}',
  'frontend.copy_unusable': 'The model copy was not usable; the planned copy was kept',
  'frontend.optimizing': 'Optimizing layout and responsiveness...',
  'frontend.generated': 'Generated {count} files ({size})',

  'testing.starting': 'Testing Agent starting...',
  'testing.running': 'Running {checks} quality checks on {files} files...',
  'testing.covers_html': 'HTML validity',
  'testing.covers_accessibility': 'Accessibility',
  'testing.covers_links': 'Internal links',
  'testing.covers_alt_text': 'Image alt text',
  'testing.covers_size': 'Size budget',
  'testing.check_failed': '{check}: {problem}',
  'testing.check_failed_bare': '{check}: failed',
  'testing.reviewing': 'Reviewing the site...',
  'testing.stats': '{files} files • {kb} KB • {images} images • {links} links',
  'testing.passed': 'All {count} quality checks passed',
  'testing.attention': '{passed} of {total} quality checks passed; {failed} need attention',
} as const;

export type AgentMessageKey = keyof typeof AGENT_MESSAGE_DEFAULTS;

type PlaceholdersIn<T extends string> = T extends `${string}{${infer Name}}${infer Rest}`
  ? Name | PlaceholdersIn<Rest>
  : never;
export type AgentMessagePlaceholder<K extends AgentMessageKey> = PlaceholdersIn<
  (typeof AGENT_MESSAGE_DEFAULTS)[K]
>;

/** What `text(key, …)` takes after the key: nothing for a text without placeholders, else a value for each. */
export type AgentMessageValues<K extends AgentMessageKey> = [AgentMessagePlaceholder<K>] extends [never]
  ? []
  : [values: Record<AgentMessagePlaceholder<K>, string | number>];

/** Texts an operator replaces; each keeps the placeholders of its default (agentMessageProblems checks it). */
export type AgentMessageOverrides = Partial<Record<AgentMessageKey, string>>;

const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

const placeholdersOf = (text: string) => new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]));

const isKey = (key: string): key is AgentMessageKey => Object.hasOwn(AGENT_MESSAGE_DEFAULTS, key);

/** Why `json` cannot be used as overrides, one line per problem, each naming its key; empty when it can. */
export function agentMessageProblems(json: unknown): string[] {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return ['must be a JSON object of message key → text'];
  }
  return Object.entries(json).flatMap(([key, text]) => {
    if (!isKey(key)) return [`unknown key "${key}"`];
    if (typeof text !== 'string') return [`"${key}" must be a text, not ${JSON.stringify(text)}`];
    if (!text.trim()) return [`"${key}" is empty`];
    const wanted = placeholdersOf(AGENT_MESSAGE_DEFAULTS[key]);
    const given = placeholdersOf(text);
    const braces = (names: Iterable<string>) => [...names].map((n) => `{${n}}`).join(', ');
    const missing = [...wanted].filter((n) => !given.has(n));
    const unknown = [...given].filter((n) => !wanted.has(n));
    return [
      ...(missing.length ? [`"${key}" lacks ${braces(missing)}, which its default text has`] : []),
      ...(unknown.length
        ? [`"${key}" has ${braces(unknown)}; its placeholders are: ${braces(wanted) || 'none'}`]
        : []),
    ];
  });
}

/**
 * The catalogue a process sends its texts from: the defaults with the operator's overrides applied, fixed
 * when the process starts. `text` fills in a text's placeholders; the compiler asks for every one of them.
 */
export class AgentMessages {
  private readonly texts: Record<AgentMessageKey, string>;

  /** `overrides` must be free of agentMessageProblems. */
  constructor(overrides: AgentMessageOverrides = {}) {
    this.texts = { ...AGENT_MESSAGE_DEFAULTS, ...overrides };
  }

  text<K extends AgentMessageKey>(key: K, ...values: AgentMessageValues<K>): string {
    const [filled] = values as [Record<string, string | number>?];
    const template = this.texts[key];
    if (!filled) return template;
    // One pass: a value that itself looks like a placeholder is not filled in again.
    return template.replace(PLACEHOLDER, (whole, name: string) =>
      Object.hasOwn(filled, name) ? String(filled[name]) : whole,
    );
  }
}
