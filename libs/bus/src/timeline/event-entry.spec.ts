import { appendedAtMs, BadEventEntry, parseEventEntry } from './event-entry';

const buildId = '5b0f8a8e-8a4c-4f7e-9d61-2b1b3c4d5e6f';
const accountId = '0d7c7f9e-1111-4222-8333-444455556666';
const message = {
  type: 'agent_message',
  build_id: buildId,
  seq: 7,
  ts: '2026-01-01T00:00:00.000Z',
  agent_type: 'planner',
  message: 'Analyzing your requirements...',
  status: 'thinking',
  progress: 10,
  tokens_used: 0,
  credits_used: 0,
};
const fields = (data: unknown, seq = '7', build = buildId) => [
  'account_id',
  accountId,
  'build_id',
  build,
  'seq',
  seq,
  'data',
  JSON.stringify(data),
];

describe('parseEventEntry', () => {
  it('reads a build event entry', () => {
    const entry = parseEventEntry('1767225600000-3', fields(message));
    expect(entry).toEqual({ id: '1767225600000-3', accountId, buildId, seq: 7, event: message });
  });

  it('reads an account-level credits_update', () => {
    const update = {
      type: 'credits_update',
      ts: '2026-01-01T00:00:00.000Z',
      credits: 12.5,
      held: 0,
      total: 12.5,
      credits_micro: '12500000',
      held_micro: '0',
      total_micro: '12500000',
      transaction: { amount: 10, amount_micro: '10000000', operation: 'grant' },
    };
    const entry = parseEventEntry('1-0', fields(update, '0', ''));
    expect(entry.buildId).toBe('');
    expect(entry.seq).toBe(0);
    expect(entry.event.type).toBe('credits_update');
  });

  it('refuses data that breaks the wire contract', () => {
    expect(() => parseEventEntry('1-0', fields({ ...message, status: 'sleeping' }))).toThrow(BadEventEntry);
    expect(() => parseEventEntry('1-0', ['account_id', accountId, 'data', '{not json'])).toThrow(
      BadEventEntry,
    );
    expect(() => parseEventEntry('1-0', ['data', JSON.stringify(message)])).toThrow(/account_id/);
  });

  it('refuses an entry whose seq or build disagrees with its data', () => {
    expect(() => parseEventEntry('1-0', fields(message, '8'))).toThrow(/disagree/);
  });
});

describe('appendedAtMs', () => {
  it('is the millisecond part of the stream id', () => {
    expect(appendedAtMs('1767225600123-42')).toBe(1767225600123);
  });
});
