import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

const savedLoginSchema = z.object({ url: z.string().url(), api_key: z.string().min(1) });
export type SavedLogin = z.infer<typeof savedLoginSchema>;

/** `config.json` in the CLI's config directory: the login `autowebiq login` saved. */
export class ConfigStore {
  readonly file: string;

  constructor(dir: string) {
    this.file = path.join(dir, 'config.json');
  }

  /** The saved login, or undefined when there is none (or it is unreadable, which `login` repairs). */
  async read(): Promise<SavedLogin | undefined> {
    try {
      return savedLoginSchema.parse(JSON.parse(await readFile(this.file, 'utf8')));
    } catch {
      return undefined;
    }
  }

  async write(login: SavedLogin): Promise<void> {
    await mkdir(path.dirname(this.file), { recursive: true, mode: 0o700 });
    // The key is a secret: readable by its owner only.
    await writeFile(this.file, `${JSON.stringify(login, null, 2)}\n`, { mode: 0o600 });
    await chmod(this.file, 0o600);
  }
}
