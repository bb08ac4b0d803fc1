import { DEFAULT_GATEWAY_URL, type CliConfig } from '@autowebiq/config';
import { AutoWebIQ } from '@autowebiq/sdk';
import { ConfigStore } from './config.store';
import { NotLoggedInError } from './exit-codes';
import { Style } from './terminal.style';

export interface OutputStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** Everything the CLI touches outside itself, so commands run the same under a terminal, a pipe or a test. */
export interface CliIo {
  stdout: OutputStream;
  stderr: OutputStream;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };
  /** Registers a SIGINT handler; returns its removal. */
  onInterrupt(handler: () => void): () => void;
}

export interface GlobalFlags {
  url?: string;
  apiKey?: string;
  json: boolean;
  color: boolean;
}

export class CliContext {
  readonly store: ConfigStore;
  readonly style: Style;
  readonly errStyle: Style;

  constructor(
    readonly io: CliIo,
    readonly config: CliConfig,
    readonly flags: GlobalFlags,
  ) {
    this.store = new ConfigStore(config.configDir);
    const colour = flags.color && !config.NO_COLOR;
    this.style = new Style(colour && !!io.stdout.isTTY);
    this.errStyle = new Style(colour && !!io.stderr.isTTY);
  }

  /** Live redrawing only makes sense on a terminal and never in --json mode. */
  get interactive(): boolean {
    return !this.flags.json && !!this.io.stdout.isTTY;
  }

  out(line = ''): void {
    this.io.stdout.write(`${line}\n`);
  }

  err(line: string): void {
    this.io.stderr.write(`${line}\n`);
  }

  json(value: unknown): void {
    this.io.stdout.write(`${JSON.stringify(value)}\n`);
  }

  /** The gateway URL: --url, then AUTOWEBIQ_URL, then the saved login, then the local default. */
  async gatewayUrl(): Promise<string> {
    return (
      this.flags.url ?? this.config.AUTOWEBIQ_URL ?? (await this.store.read())?.url ?? DEFAULT_GATEWAY_URL
    );
  }

  /** A client with the key from --api-key, AUTOWEBIQ_API_KEY or the saved login. */
  async client(): Promise<AutoWebIQ> {
    const saved = await this.store.read();
    const apiKey = this.flags.apiKey ?? this.config.AUTOWEBIQ_API_KEY ?? saved?.api_key;
    if (!apiKey)
      throw new NotLoggedInError('Not logged in: run `autowebiq login`, or set AUTOWEBIQ_API_KEY.');
    return new AutoWebIQ({ baseUrl: await this.gatewayUrl(), apiKey });
  }
}
