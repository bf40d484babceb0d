// npm run audit:verify: recomputes the audit log's hash chain. Exit 0 and "OK" when intact.
import './cli-env';

import { getDatabase } from '@/db/client';
import { verifyAuditChain } from '@/lib/audit/verify-audit-chain';

import { runCli } from './run-cli';

async function main(): Promise<number> {
  const { db, driver } = await getDatabase();
  const report = await verifyAuditChain(db);
  if (report.ok) {
    console.log(`OK: ${report.count} audit events, chain intact (${driver}). Last hash ${report.lastHash}`);
    return 0;
  }
  console.error(
    `BROKEN at audit event id ${report.brokenAt.id} (sequence ${report.brokenAt.sequence}): ${report.reason}. ` +
      `${report.count} events before it verified.`,
  );
  return 1;
}

runCli(main);
