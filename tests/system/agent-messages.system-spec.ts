import { AGENT_MESSAGE_DEFAULTS, type AgentMessageOverrides } from '@autowebiq/contracts';
import { planSite } from '@autowebiq/sitegen';
import { appCommand, REPO_ROOT, type AppName } from '@autowebiq/testing';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  agentMessages,
  requestBuild,
  startPipeline,
  timelineProblems,
  waitForEnd,
  type PipelineRig,
} from './pipeline-support';

jest.setTimeout(180_000);

const PROMPT = 'A cozy coffee shop in Portland with pastries, a reading nook and a seasonal menu';

/** One text of each sender: the runner (init), a worker, a worker with a value, billing's message and details. */
const OVERRIDES: AgentMessageOverrides = {
  'system.init': 'Warming up the studio...',
  'planner.analyzing': 'Reading your brief...',
  'image.generated': 'Drew {count} pictures for you',
  'system.build_complete': 'Your site is ready!',
  'system.total_tokens': 'Tokens used: {tokens}',
};

/** Runs an app with the platform's environment plus `env` until it exits; what it said and how it ended. */
function runUntilExit(rig: PipelineRig, app: AppName, env: Record<string, string>) {
  const { command, args } = appCommand(app);
  return new Promise<{ code: number | null; output: string }>((resolve) => {
    execFile(
      command,
      args,
      { cwd: REPO_ROOT, env: { ...rig.platform.env, ...env }, timeout: 30_000 },
      (error, stdout, stderr) =>
        resolve({ code: error ? ((error.code as number | undefined) ?? null) : 0, output: stdout + stderr }),
    );
  });
}

describe('AGENT_MESSAGES_FILE: the texts agents and billing send, replaced by an operator', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'awq-agent-messages-'));
  const file = path.join(dir, 'messages.json');
  writeFileSync(file, JSON.stringify(OVERRIDES));
  let rig: PipelineRig;

  beforeAll(async () => {
    rig = await startPipeline('agent-messages', { env: { AGENT_MESSAGES_FILE: file } });
  });
  afterAll(async () => {
    await rig?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends the overridden texts, values filled in, and the defaults of the rest', async () => {
    const id = await requestBuild(rig, PROMPT);
    const { build, events } = await waitForEnd(rig, id);
    expect(build.status).toBe('completed');
    expect(timelineProblems(events)).toEqual([]);

    const system = agentMessages(events, 'system');
    expect(system[0].message).toBe('Warming up the studio...');
    expect(agentMessages(events, 'planner')[0].message).toBe('Reading your brief...');
    expect(agentMessages(events, 'image').at(-1)!.message).toBe(
      `Drew ${planSite(PROMPT).images.length} pictures for you`,
    );
    expect(agentMessages(events, 'frontend')[0].message).toBe(AGENT_MESSAGE_DEFAULTS['frontend.starting']);
    const last = system.at(-1)!;
    expect(last.message).toBe('Your site is ready!');
    expect(last.details).toContain(`Tokens used: ${build.usage.total_tokens.toLocaleString('en-US')}`);
  });

  it('stops a worker and billing at boot when the file does not fit the catalogue, naming the variable and key', async () => {
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ 'image.generated': 'Drew some pictures' }));
    const ends = await Promise.all(
      (['worker-image', 'billing'] as const).map((app) =>
        runUntilExit(rig, app, { AGENT_MESSAGES_FILE: bad }),
      ),
    );
    for (const end of ends) {
      expect(end.code).not.toBe(0);
      expect(end.output).toContain('AGENT_MESSAGES_FILE: "image.generated" lacks {count}');
    }
  });
});
