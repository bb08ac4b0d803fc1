/**
 * `npm test`: the type check and lint (which enforces the Nx module boundaries), then the unit, system and
 * browser jest projects, in that order; stops at the first one that fails. Extra arguments go to every jest
 * run (`npm test -- libs/pricing`) and skip the static checks. Ends with one line of totals.
 */
const { spawnSync } = require('node:child_process');
const { existsSync, readFileSync, rmSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const PROJECTS = [
  { name: 'unit', args: [] },
  // Real processes on fixed resources: one file at a time.
  { name: 'system', args: ['--runInBand'] },
  { name: 'browser', args: ['--runInBand'] },
];

const STATIC_CHECKS = [
  {
    name: 'type check',
    bin: require.resolve('typescript/bin/tsc'),
    args: ['-p', 'tsconfig.json', '--noEmit'],
  },
  {
    name: 'lint',
    bin: path.join(path.dirname(require.resolve('eslint/package.json')), 'bin', 'eslint.js'),
    args: ['.'],
  },
];

const jest = require.resolve('jest/bin/jest');
const extra = process.argv.slice(2);
const totals = { passed: 0, failed: 0, brokenSuites: 0 };
let exitCode = 0;

if (extra.length === 0) {
  for (const check of STATIC_CHECKS) {
    console.log(`\n=== ${check.name} ===`);
    const run = spawnSync(process.execPath, [check.bin, ...check.args], { stdio: 'inherit' });
    if (run.status !== 0) {
      console.log(`\n${check.name} failed; no tests were run.`);
      process.exit(run.status || 1);
    }
    console.log('ok');
  }
}

for (const project of PROJECTS) {
  console.log(`\n=== ${project.name} tests ===`);
  const outputFile = path.join(os.tmpdir(), `autowebiq-jest-${process.pid}-${project.name}.json`);
  const run = spawnSync(
    process.execPath,
    // --forceExit: a leaked handle must not hang CI; jest still names the problem when it happens.
    [
      jest,
      '--selectProjects',
      project.name,
      '--passWithNoTests',
      '--forceExit',
      '--json',
      `--outputFile=${outputFile}`,
      ...project.args,
      ...extra,
    ],
    { stdio: 'inherit' },
  );
  const results = existsSync(outputFile) ? JSON.parse(readFileSync(outputFile, 'utf8')) : undefined;
  rmSync(outputFile, { force: true });
  if (results) {
    totals.passed += results.numPassedTests;
    totals.failed += results.numFailedTests;
    totals.brokenSuites += results.numRuntimeErrorTestSuites;
  }
  if (run.status !== 0 || !results) {
    exitCode = run.status || 1;
    console.log(`\n${project.name} tests failed; later projects were not run.`);
    break;
  }
}

const broken = totals.brokenSuites ? `, ${totals.brokenSuites} test files broke outside their tests` : '';
console.log(`\n${totals.passed} passed, ${totals.failed} failed${broken}`);
process.exit(exitCode);
