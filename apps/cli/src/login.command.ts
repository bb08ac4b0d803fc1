import { AutoWebIQ } from '@autowebiq/sdk';
import { credits, type Command } from './command';
import { ExitCode, UsageError } from './exit-codes';
import { readSecretLine } from './secret-input';

export const loginCommand: Command = {
  name: 'login',
  usage: 'login [--api-key KEY] [--url URL]',
  summary: 'Check your API key against the platform and save it for later commands',
  help: [
    'Without --api-key (or AUTOWEBIQ_API_KEY) the key is read from standard input; typed keys are not echoed.',
    'The key and URL are saved, readable by you only, in the config directory (AUTOWEBIQ_CONFIG_DIR).',
  ],
  async run(ctx) {
    const url = await ctx.gatewayUrl();
    const apiKey =
      ctx.flags.apiKey ?? ctx.config.AUTOWEBIQ_API_KEY ?? (await readSecretLine(ctx.io, 'API key: '));
    if (!apiKey) throw new UsageError('no API key given');
    // A refused key throws here (exit code 6) and nothing is saved.
    const balance = await new AutoWebIQ({ baseUrl: url, apiKey }).balance();
    await ctx.store.write({ url, api_key: apiKey });
    if (ctx.flags.json) {
      ctx.json({ url, config_file: ctx.store.file, balance });
      return ExitCode.Ok;
    }
    ctx.out(
      `Logged in to ${url} with key ${apiKey.slice(0, 8)}…; ${credits(balance.credits_micro)} credits available.`,
    );
    ctx.out(ctx.style.dim(`Saved to ${ctx.store.file}`));
    return ExitCode.Ok;
  },
};
