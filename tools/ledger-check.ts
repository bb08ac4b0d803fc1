/**
 * `npm run ledger:check`: checks the ledger invariants (DESIGN.md section 4) of
 * the database at DATABASE_URL, prints each check, and exits non-zero on any
 * violation (2) or when the check could not run (1).
 */
import { loadConfig } from '@autowebiq/config';
import { createDataSource } from '@autowebiq/db';
import { checkInvariants } from '@autowebiq/ledger';
import { redactUrl } from './launcher/database';

async function main(): Promise<number> {
  const config = loadConfig();
  const ds = createDataSource({ DATABASE_URL: config.DATABASE_URL, DATABASE_POOL_SIZE: 1, applicationName: 'ledger-check' });
  await ds.initialize();
  try {
    console.log(`ledger check of ${redactUrl(config.DATABASE_URL)}`);
    const report = await checkInvariants(ds);
    for (const check of report.checks) console.log(`${check.ok ? 'ok  ' : 'FAIL'}  ${check.name}${check.ok ? '' : `: ${check.detail}`}`);
    console.log(report.ok ? `all ${report.checks.length} invariants hold` : `${report.checks.filter((c) => !c.ok).length} invariant(s) violated`);
    return report.ok ? 0 : 2;
  } finally {
    await ds.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (e: Error) => {
    console.error(`ledger check could not run: ${e.message}`);
    process.exit(1);
  },
);
