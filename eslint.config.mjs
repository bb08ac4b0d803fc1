import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import { createProjectGraphAsync } from '@nx/devkit';

// @nx/enforce-module-boundaries only reads Nx's cached project graph and silently skips itself when there is
// none (a fresh clone, a new project). Building it here makes a bare `eslint .` enforce the boundaries too.
await createProjectGraphAsync({ exitOnError: false });

const libsOf = (...types) => types.map((t) => `type:${t}`);

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '.data/**',
      'test-results/**',
      '**/*.js',
      '**/*.mjs',
      '**/vite.config.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    plugins: { '@nx': nx },
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      // A lib's src/index.ts is its only public face.
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@autowebiq/*/**'],
              message: 'Import the lib itself (@autowebiq/<lib>), not a file inside it.',
            },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          banTransitiveDependencies: false,
          depConstraints: [
            // Layering of the libs: DESIGN.md section 2.
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: libsOf('contracts') },
            { sourceTag: 'type:config', onlyDependOnLibsWithTags: libsOf('contracts') },
            { sourceTag: 'type:pricing', onlyDependOnLibsWithTags: libsOf('contracts') },
            { sourceTag: 'type:db', onlyDependOnLibsWithTags: libsOf('config', 'contracts') },
            { sourceTag: 'type:ledger', onlyDependOnLibsWithTags: libsOf('db', 'contracts') },
            { sourceTag: 'type:bus', onlyDependOnLibsWithTags: libsOf('config', 'contracts') },
            { sourceTag: 'type:llm', onlyDependOnLibsWithTags: libsOf('contracts', 'pricing') },
            { sourceTag: 'type:analytics', onlyDependOnLibsWithTags: libsOf('db', 'contracts', 'pricing') },
            { sourceTag: 'type:sitegen', onlyDependOnLibsWithTags: libsOf('contracts') },
            {
              sourceTag: 'type:agent-runtime',
              onlyDependOnLibsWithTags: libsOf('contracts', 'config', 'db', 'bus', 'llm', 'sitegen', 'pricing'),
            },
            { sourceTag: 'type:sdk', onlyDependOnLibsWithTags: libsOf('contracts') },
            // Apps never import apps; browser and terminal clients never touch server internals.
            { sourceTag: 'type:app', notDependOnLibsWithTags: ['type:app', 'type:testing'] },
            // Each server app by its role (DESIGN.md section 1): only the gateway and billing move money,
            // workers reach Postgres and Redis through agent-runtime, realtime only reads and fans out.
            {
              sourceTag: 'role:api',
              onlyDependOnLibsWithTags: libsOf('contracts', 'config', 'pricing', 'db', 'ledger', 'bus', 'analytics'),
            },
            {
              sourceTag: 'role:billing',
              onlyDependOnLibsWithTags: libsOf('contracts', 'config', 'pricing', 'db', 'ledger', 'bus', 'analytics'),
            },
            {
              sourceTag: 'role:worker',
              onlyDependOnLibsWithTags: libsOf('contracts', 'config', 'pricing', 'agent-runtime', 'bus', 'llm', 'sitegen'),
            },
            { sourceTag: 'role:realtime', onlyDependOnLibsWithTags: libsOf('contracts', 'config', 'db', 'bus') },
            { sourceTag: 'scope:client', onlyDependOnLibsWithTags: ['scope:client', 'scope:shared'] },
            { sourceTag: 'scope:server', onlyDependOnLibsWithTags: ['scope:server', 'scope:shared'] },
            { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['*'] },
          ],
        },
      ],
    },
  },
  {
    files: [
      '**/*.spec.ts',
      '**/*.system-spec.ts',
      '**/*.browser-spec.ts',
      'tests/**/*.ts',
      'bench/**/*.ts',
      'tools/**/*.ts',
    ],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
  prettier,
);
