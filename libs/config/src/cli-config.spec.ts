import { ConfigError } from './load-config';
import { loadCliConfig } from './cli-config';

describe('loadCliConfig', () => {
  it('keeps the login under XDG_CONFIG_HOME, else ~/.config, unless AUTOWEBIQ_CONFIG_DIR says otherwise', () => {
    expect(loadCliConfig({ HOME: '/home/ada' }).configDir).toBe('/home/ada/.config/autowebiq');
    expect(loadCliConfig({ HOME: '/home/ada', XDG_CONFIG_HOME: '/cfg' }).configDir).toBe('/cfg/autowebiq');
    expect(loadCliConfig({ HOME: '/home/ada', AUTOWEBIQ_CONFIG_DIR: '/tmp/awq' }).configDir).toBe('/tmp/awq');
  });

  it('ignores the platform variables a shell may hold', () => {
    expect(() => loadCliConfig({ PORT: 'eighty', DATABASE_URL: 'nope', HOME: '/h' })).not.toThrow();
  });

  it('names a bad gateway URL', () => {
    expect(() => loadCliConfig({ AUTOWEBIQ_URL: 'not a url' })).toThrow(ConfigError);
    expect(() => loadCliConfig({ AUTOWEBIQ_URL: 'not a url' })).toThrow(/AUTOWEBIQ_URL/);
  });
});
