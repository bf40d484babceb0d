// npm run audit:verify: recomputes the audit log's hash chain. Exit 0 and "OK" when intact.
import { closeDatabase, getDatabase } from '@/db/client';
import { verifyAuditChain } from '@/lib/audit/verify-audit-chain';

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

main()
  .then(async (code) => {
    await closeDatabase();
    process.exit(code);
  })
  .catch(async (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    await closeDatabase();
    process.exit(2);
  });
