/** One jest, three projects: unit (fast, in-process), system (real processes), browser (Chromium). */
const transform = { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript', decorators: true, tsx: true }, transform: { legacyDecorator: true, decoratorMetadata: true, react: { runtime: 'automatic' } }, target: 'es2022', keepClassNames: true } }] };
// Workspace packages (libs/sdk) export their TypeScript source under '@autowebiq/source' and their built dist
// otherwise (for people who install them); the tests run the source.
const testEnvironmentOptions = { customExportConditions: ['node', 'node-addons', '@autowebiq/source'] };
const base = { transform, testEnvironment: 'node', testEnvironmentOptions, moduleFileExtensions: ['ts', 'tsx', 'js', 'json'] };

module.exports = {
  projects: [
    { ...base, displayName: 'unit', testMatch: ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/apps/**/*.spec.ts', '<rootDir>/tests/unit/**/*.spec.ts'] },
    { ...base, displayName: 'system', testMatch: ['<rootDir>/tests/system/**/*.system-spec.ts'] },
    { ...base, displayName: 'browser', testMatch: ['<rootDir>/tests/browser/**/*.browser-spec.ts'] },
  ],
};
