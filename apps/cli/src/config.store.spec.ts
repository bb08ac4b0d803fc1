import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ConfigStore } from './config.store';

let dir: string;
beforeEach(async () => (dir = await mkdtemp(path.join(os.tmpdir(), 'awq-cfg-'))));
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('ConfigStore', () => {
  it('saves the login readable by its owner only and reads it back', async () => {
    const store = new ConfigStore(path.join(dir, 'autowebiq'));
    expect(await store.read()).toBeUndefined();
    await store.write({ url: 'http://127.0.0.1:3000', api_key: 'awq_secret' });
    expect(await store.read()).toEqual({ url: 'http://127.0.0.1:3000', api_key: 'awq_secret' });
    expect((await stat(store.file)).mode & 0o777).toBe(0o600);
  });

  it('treats a damaged file as no login', async () => {
    const store = new ConfigStore(dir);
    await writeFile(store.file, '{ not json');
    expect(await store.read()).toBeUndefined();
  });
});
