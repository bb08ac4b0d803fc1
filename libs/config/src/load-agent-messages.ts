import { AgentMessages, agentMessageProblems, type AgentMessageOverrides } from '@autowebiq/contracts';
import { readFileSync } from 'node:fs';
import { ConfigError } from './load-config';

const VARIABLE = 'AGENT_MESSAGES_FILE';

const problem = (text: string) => new ConfigError([`${VARIABLE}: ${text}`]);

/**
 * The message catalogue of a process that sends agent messages: the defaults, with the texts of
 * AGENT_MESSAGES_FILE (a JSON object of key → text) over them. Read once, when the process starts; a file
 * that cannot be used stops it with a ConfigError naming the variable and every bad key.
 */
export function loadAgentMessages(file: string | undefined): AgentMessages {
  if (!file) return new AgentMessages();
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw problem(`cannot be read (${(e as Error).message})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw problem(`is not JSON (${(e as Error).message})`);
  }
  const problems = agentMessageProblems(json);
  if (problems.length) throw new ConfigError(problems.map((p) => `${VARIABLE}: ${p}`));
  return new AgentMessages(json as AgentMessageOverrides);
}
