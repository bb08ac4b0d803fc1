import { REPO_ROOT } from '@autowebiq/testing';
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

/**
 * The lib layering of DESIGN.md section 2 is enforced by @nx/enforce-module-boundaries with tags.
 * ESLint runs in a child process over in-memory files: eslint.config.mjs is an ES module with top-level
 * await, which jest's module system cannot load.
 */
interface Probe {
  file: string;
  code: string;
}

const probes: Record<string, Probe> = {
  contractsImportsConfig: {
    file: 'libs/contracts/src/probe.ts',
    code: `import { loadConfig } from '@autowebiq/config';\nexport const x = loadConfig;\n`,
  },
  sdkImportsDb: {
    file: 'libs/sdk/src/probe.ts',
    code: `import { createDataSource } from '@autowebiq/db';\nexport const x = createDataSource;\n`,
  },
  appImportsTesting: {
    file: 'apps/billing/src/probe.ts',
    code: `import { startPlatform } from '@autowebiq/testing';\nexport const x = startPlatform;\n`,
  },
  workerImportsLedger: {
    file: 'apps/worker-planner/src/probe.ts',
    code: `import { LedgerService } from '@autowebiq/ledger';\nexport const x = LedgerService;\n`,
  },
  realtimeImportsPricing: {
    file: 'apps/realtime/src/probe.ts',
    code: `import { priceUsage } from '@autowebiq/pricing';\nexport const x = priceUsage;\n`,
  },
  ledgerImportsDb: {
    file: 'libs/ledger/src/probe.ts',
    code: `import { createDataSource } from '@autowebiq/db';\nexport const x = createDataSource;\n`,
  },
  deepImport: {
    file: 'libs/ledger/src/probe.ts',
    code: `import { ENTITIES } from '@autowebiq/db/src/data-source';\nexport const x = ENTITIES;\n`,
  },
};

const script = `
  import { ESLint } from 'eslint';
  const probes = JSON.parse(process.argv[1]);
  const RULES = ['@nx/enforce-module-boundaries', 'no-restricted-imports'];
  // The probes exist only in memory, where typed linting cannot see them; the boundaries rule needs no types.
  const eslint = new ESLint({
    cwd: process.cwd(),
    overrideConfig: {
      files: ['**/*.ts'],
      languageOptions: { parserOptions: { projectService: false } },
      rules: { '@typescript-eslint/no-floating-promises': 'off' },
    },
  });
  const out = {};
  for (const [name, { file, code }] of Object.entries(probes)) {
    const [result] = await eslint.lintText(code, { filePath: file });
    const fatal = result.messages.find((m) => m.fatal);
    if (fatal) throw new Error(name + ': ' + fatal.message);
    out[name] = result.messages.filter((m) => RULES.includes(m.ruleId)).map((m) => m.ruleId + ': ' + m.message);
  }
  const config = await eslint.calculateConfigForFile('libs/contracts/src/index.ts');
  out.constrainedTags = config.rules['@nx/enforce-module-boundaries'][1].depConstraints.map((c) => c.sourceTag);
  console.log(JSON.stringify(out));
`;

describe('module boundaries', () => {
  let messages: Record<keyof typeof probes | 'constrainedTags', string[]>;

  beforeAll(async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--input-type=module', '-e', script, JSON.stringify(probes)],
      { cwd: REPO_ROOT, maxBuffer: 10 * 1024 * 1024 },
    );
    messages = JSON.parse(stdout.trim().split('\n').at(-1)!);
  }, 120_000);

  it('refuses a lib importing a lib outside its layer', () => {
    expect(messages.contractsImportsConfig.join('\n')).toMatch(
      /type:contracts.*can only depend on.*type:contracts/,
    );
    expect(messages.sdkImportsDb.join('\n')).toMatch(/type:sdk/);
  });

  it('holds each server app to the libs of its role: only the gateway and billing touch the ledger', () => {
    expect(messages.workerImportsLedger.join('\n')).toMatch(/role:worker.*can only depend on/);
    expect(messages.realtimeImportsPricing.join('\n')).toMatch(/role:realtime.*can only depend on/);
  });

  it('keeps the testing lib out of apps', () => {
    expect(messages.appImportsTesting.join('\n')).toMatch(/type:testing/);
  });

  it('refuses deep imports past a lib index', () => {
    expect(messages.deepImport.join('\n')).toMatch(/no-restricted-imports: .*not a file inside it/);
  });

  it('constrains the imports of every lib by its type tag', () => {
    const libs = readdirSync(path.join(REPO_ROOT, 'libs')).filter((lib) =>
      existsSync(path.join(REPO_ROOT, 'libs', lib, 'project.json')),
    );
    const typeTags = libs.map((lib) => {
      const { tags } = JSON.parse(readFileSync(path.join(REPO_ROOT, 'libs', lib, 'project.json'), 'utf8'));
      return (tags as string[]).find((t) => t.startsWith('type:')) ?? `${lib} has no type: tag`;
    });
    expect(typeTags.filter((tag) => !messages.constrainedTags.includes(tag))).toEqual([]);
  });

  it('allows what the layering allows', () => {
    expect(messages.ledgerImportsDb).toEqual([]);
  });
});
