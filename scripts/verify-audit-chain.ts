// npm run audit:verify [-- --checkpoint FILE] [--keys FILE] [--skip-pdfs]
// Verifies the evidence: the audit chain (links, hashes, seals), every signature (record seal,
// document seal, stored PDF against its recorded hash) and, given a checkpoint file (emailed to
// the admins, or downloaded from /admin/checkpoints), that the database still holds exactly what
// the checkpoint covered. --keys: a saved copy of /.well-known/agreement-seal-keys.json to trust
// instead of the database's own key ring. Exit 0 and "OK" when everything holds, 1 otherwise.
import './cli-env';

import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';

import { getDatabase } from '@/db/client';
import { parseCheckpointFile } from '@/lib/evidence/checkpoint-document';
import { keysFromPublishedList, verifyEvidence } from '@/lib/evidence/verify-evidence';

import { runCli } from './run-cli';

const usage = 'usage: npm run audit:verify [-- --checkpoint FILE] [--keys seal-keys.json] [--skip-pdfs]';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      checkpoint: { type: 'string' },
      keys: { type: 'string' },
      'skip-pdfs': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(usage);
    return 0;
  }
  const checkpoint = values.checkpoint ? parseCheckpointFile(await readFile(values.checkpoint, 'utf8')) : undefined;
  if (checkpoint && 'error' in checkpoint) {
    console.error(`${values.checkpoint} is not a checkpoint file: ${checkpoint.error}.`);
    return 2;
  }
  const trustedKeys = values.keys ? keysFromPublishedList(await readFile(values.keys, 'utf8')) : undefined;
  const { db, driver } = await getDatabase();
  const report = await verifyEvidence(db, {
    ...(checkpoint ? { checkpoint } : {}),
    ...(trustedKeys ? { trustedKeys } : {}),
    hashDocuments: !values['skip-pdfs'],
  });
  const covered = checkpoint
    ? ` Checkpoint of ${checkpoint.checkpoint.checkpointedAt} (${checkpoint.checkpoint.auditEvents.count} events, ` +
      `${checkpoint.checkpoint.signatures.count} signatures): all still present and unchanged.`
    : '';
  if (report.ok) {
    console.log(
      `OK: ${report.auditEvents} audit events, chain intact and sealed; ${report.signatures} signatures, ` +
        `records, seals and PDFs intact (${driver}).${covered} Last hash ${report.headHash}`,
    );
    if (report.unsealedLegacyEvents > 0) {
      console.log(
        `Note: the first ${report.unsealedLegacyEvents} events predate sealed events; the chain covers them.`,
      );
    }
    return 0;
  }
  if (report.brokenAt) {
    console.error(
      `BROKEN at audit event id ${report.brokenAt.id} (sequence ${report.brokenAt.sequence}): ${report.brokenAt.reason}.`,
    );
  }
  console.error(
    `FAILED: ${report.problems.length} problem(s) found${report.problems.length >= 50 ? ' (the first 50)' : ''}:`,
  );
  for (const problem of report.problems) console.error(`  - ${problem}`);
  return 1;
}

runCli(main);
