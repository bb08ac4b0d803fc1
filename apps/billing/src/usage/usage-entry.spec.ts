import { usageEventId } from '@autowebiq/contracts';
import { randomUUID } from 'node:crypto';
import { checkWithSchema, parseUsageEntry } from './usage-entry';

const buildId = randomUUID();
const good = {
  event_id: usageEventId(buildId, 'frontend', 2, 7),
  build_id: buildId,
  account_id: randomUUID(),
  agent: 'frontend',
  model: 'gpt-5',
  attempt: 2,
  call_index: 7,
  input_tokens: 1200,
  output_tokens: 300,
  images: 0,
  duration_ms: 950,
  ts: '2026-12-04T10:00:00.000Z',
};

/** What parseUsageEntry decides, with the event reduced to the contract's fields (the schema drops the others). */
function decide(data: string | undefined) {
  const parsed = parseUsageEntry({ id: '1-0', fields: data === undefined ? {} : { data } });
  if (!parsed.ok) return parsed;
  const event = Object.fromEntries(Object.keys(good).map((k) => [k, parsed.event[k as keyof typeof good]]));
  return { ...parsed, event };
}

/** The same entry through the schema alone. */
function oracle(data: string) {
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    return { ok: false, entryId: '1-0', reason: 'data is not JSON' };
  }
  return checkWithSchema('1-0', json);
}

const withField = (field: string, value: unknown) => JSON.stringify({ ...good, [field]: value });
const without = (field: string) => {
  const copy: Record<string, unknown> = { ...good };
  delete copy[field];
  return JSON.stringify(copy);
};

describe('parseUsageEntry', () => {
  it('takes a well-formed event as it is', () => {
    expect(decide(JSON.stringify(good))).toEqual({ ok: true, entryId: '1-0', event: good });
  });

  it('decides every odd or broken entry exactly as the contract schema does', () => {
    const upper = buildId.toUpperCase();
    const cases: string[] = [
      JSON.stringify({ ...good, extra: 'ignored' }),
      without('images'),
      withField('images', 2),
      withField('images', -1),
      withField('images', null),
      JSON.stringify({ ...good, build_id: upper, event_id: usageEventId(upper, 'frontend', 2, 7) }),
      JSON.stringify({ ...good, account_id: '00000000-0000-0000-0000-000000000000' }),
      withField('account_id', 'not-a-uuid'),
      withField('build_id', randomUUID()),
      withField('event_id', `${good.event_id}x`),
      withField('event_id', 42),
      withField('event_id', `${buildId}:frontend:02:7`),
      withField('event_id', `${buildId}:frontend:2:07`),
      withField('event_id', `${buildId}:frontend:2:70`),
      withField('event_id', `${buildId}:frontend:2:`),
      withField('event_id', `${buildId}:frontend::7`),
      withField('event_id', `${buildId}:testing:2:7`),
      withField('event_id', `${buildId}frontend:2:7`),
      withField('event_id', `${buildId}:frontend:2:7:`),
      withField('event_id', `${buildId}:frontend:-2:7`),
      JSON.stringify({ ...good, call_index: 0, event_id: usageEventId(buildId, 'frontend', 2, 0) }),
      JSON.stringify({ ...good, attempt: 10, event_id: usageEventId(buildId, 'frontend', 10, 7) }),
      JSON.stringify({ ...good, attempt: 10, event_id: usageEventId(buildId, 'frontend', 1, 7) }),
      withField('agent', 'system'),
      withField('agent', 'image'),
      withField('model', ''),
      withField('model', 'x'.repeat(100)),
      withField('model', 'x'.repeat(101)),
      withField('model', 'say "hi", {twice} \\ back'),
      withField('attempt', 0),
      withField('attempt', 1.5),
      withField('attempt', '2'),
      withField('call_index', -1),
      withField('input_tokens', 2_147_483_647),
      withField('input_tokens', 2_147_483_648),
      withField('output_tokens', Number.MAX_SAFE_INTEGER + 1),
      withField('duration_ms', 1e300),
      withField('ts', 'yesterday'),
      withField('ts', '2026-12-04'),
      withField('ts', 12),
      without('ts'),
      without('model'),
      '[]',
      'null',
      '42',
      '"text"',
      '{',
    ];
    for (const data of cases) expect([data, decide(data)]).toEqual([data, oracle(data)]);
  });

  it('dead-letters an entry without data', () => {
    expect(decide(undefined)).toEqual({ ok: false, entryId: '1-0', reason: 'no data field' });
  });
});
