import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadAgentMessages } from './load-agent-messages';
import { ConfigError } from './load-config';

describe('loadAgentMessages', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'awq-messages-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const fileWith = (name: string, text: string) => {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    return file;
  };
  const failureOf = (file: string): Error => {
    try {
      loadAgentMessages(file);
    } catch (e) {
      return e as Error;
    }
    throw new Error(`${file} was accepted`);
  };

  it('gives the defaults without a file', () => {
    expect(loadAgentMessages(undefined).text('system.init')).toBe('Initializing build system...');
  });

  it("applies the file's texts over the defaults", () => {
    const file = fileWith(
      'ok.json',
      JSON.stringify({ 'system.build_complete': 'Your site is ready!', 'image.generated': 'Drew {count}' }),
    );
    const messages = loadAgentMessages(file);
    expect(messages.text('system.build_complete')).toBe('Your site is ready!');
    expect(messages.text('image.generated', { count: 4 })).toBe('Drew 4');
    expect(messages.text('planner.analyzing')).toBe('Analyzing your requirements...');
  });

  it('stops with a ConfigError naming AGENT_MESSAGES_FILE and every bad key', () => {
    const file = fileWith(
      'bad.json',
      JSON.stringify({ 'nope.key': 'x', 'image.generated': 'Drew them', 'system.init': { text: 'hi' } }),
    );
    const error = failureOf(file);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      'AGENT_MESSAGES_FILE: unknown key "nope.key"',
      'AGENT_MESSAGES_FILE: "image.generated" lacks {count}, which its default text has',
      'AGENT_MESSAGES_FILE: "system.init" must be a text, not {"text":"hi"}',
    ]);
    expect(error.message).toMatch(
      /^Invalid configuration:\n {2}- AGENT_MESSAGES_FILE: unknown key "nope\.key"/,
    );
  });

  it('names AGENT_MESSAGES_FILE when the file is missing, is not JSON or is not an object', () => {
    expect(failureOf(path.join(dir, 'missing.json')).message).toMatch(
      /AGENT_MESSAGES_FILE: cannot be read \(ENOENT/,
    );
    expect(failureOf(fileWith('broken.json', '{"system.init": ')).message).toMatch(
      /AGENT_MESSAGES_FILE: is not JSON \(/,
    );
    expect(failureOf(fileWith('list.json', '["Build complete!"]')).message).toContain(
      'AGENT_MESSAGES_FILE: must be a JSON object of message key → text',
    );
  });
});
