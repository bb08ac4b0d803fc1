import { AGENT_MESSAGE_DEFAULTS, AgentMessages, agentMessageProblems } from './agent-messages';

describe('AgentMessages', () => {
  it('says the default texts unless overridden, and the override where it is', () => {
    const messages = new AgentMessages({ 'planner.analyzing': 'Reading your brief...' });
    expect(messages.text('planner.analyzing')).toBe('Reading your brief...');
    expect(messages.text('system.init')).toBe('Initializing build system...');
    expect(new AgentMessages().text('system.build_complete')).toBe('Build complete!');
  });

  it('fills in every placeholder, in the override as in the default', () => {
    const values = { number: 2, count: 5, alt: 'A latte' };
    expect(new AgentMessages().text('image.generating_one', values)).toBe('Generating image 2 of 5: A latte');
    const reordered = new AgentMessages({ 'image.generating_one': '{alt} ({number}/{count}, then {count})' });
    expect(reordered.text('image.generating_one', values)).toBe('A latte (2/5, then 5)');
  });

  it('does not fill in a value that itself looks like a placeholder', () => {
    const text = new AgentMessages().text('agent.stopped', { reason: 'asked for {reason}' });
    expect(text).toBe('Stopped: asked for {reason}');
  });

  it('asks the compiler for every value a text needs and none for a text without', () => {
    const messages = new AgentMessages();
    const unchecked = () => {
      // @ts-expect-error a text with placeholders needs its values
      messages.text('image.generated');
      // @ts-expect-error {count} is missing
      messages.text('testing.attention', { passed: 1, total: 2 });
      // @ts-expect-error a text without placeholders takes no values
      messages.text('system.init', { count: 1 });
    };
    expect(unchecked).toBeInstanceOf(Function);
  });
});

describe('agentMessageProblems', () => {
  it('accepts any subset of keys with the placeholders of their defaults, in any order', () => {
    expect(agentMessageProblems({})).toEqual([]);
    expect(
      agentMessageProblems({
        'system.init': 'Starting…',
        'agent.retrying': 'Try {attempt}/{attempts}: {reason}',
      }),
    ).toEqual([]);
  });

  it('names the key of each problem: unknown key, not a text, empty, a placeholder missing or unknown', () => {
    expect(
      agentMessageProblems({
        'planer.analyzing': 'typo',
        'system.init': 42,
        'system.cancelled': '  ',
        'image.generated': 'Drew the pictures',
        'testing.passed': 'All {count} of {total} passed',
        'system.build_complete': 'Done in {seconds}s',
      }),
    ).toEqual([
      'unknown key "planer.analyzing"',
      '"system.init" must be a text, not 42',
      '"system.cancelled" is empty',
      '"image.generated" lacks {count}, which its default text has',
      '"testing.passed" has {total}; its placeholders are: {count}',
      '"system.build_complete" has {seconds}; its placeholders are: none',
    ]);
  });

  it('wants a JSON object', () => {
    for (const json of [null, [], 'text', 3]) {
      expect(agentMessageProblems(json)).toEqual(['must be a JSON object of message key → text']);
    }
  });

  it('finds every default usable as its own override', () => {
    expect(agentMessageProblems(AGENT_MESSAGE_DEFAULTS)).toEqual([]);
  });
});
