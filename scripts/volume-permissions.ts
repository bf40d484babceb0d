// npm run volume:permissions -- 151 --out DIR
// Writes DIR/v151permissions.zip (or v151permissions-incomplete.zip while papers await a signature).
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';

import { getDatabase } from '@/db/client';
import { countOf } from '@/lib/format/plural';
import { findVolume, permissionsZipStream, planPermissionsFolder, recordPermissionsDownload } from '@/lib/permissions/permissions-folder';
import { prepareDatabase } from '@/lib/startup/start-portal';

import { runCli } from './run-cli';

const usage = 'usage: npm run volume:permissions -- VOLUME --out DIR';

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { out: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help || positionals.length !== 1 || !values.out || !/^[1-9][0-9]{0,8}$/.test(positionals[0]!)) {
    console.error(usage);
    return values.help ? 0 : 2;
  }
  const { db } = await getDatabase();
  await prepareDatabase();
  const volume = await findVolume(db, Number(positionals[0]));
  if (!volume) {
    console.error(`There is no volume ${positionals[0]}.`);
    return 1;
  }
  const plan = await planPermissionsFolder(db, volume);
  await mkdir(values.out, { recursive: true });
  const target = path.join(values.out, plan.filename);
  await recordPermissionsDownload(plan, { user: null, context: null, via: 'command line' });
  await pipeline(permissionsZipStream(plan), createWriteStream(target));
  console.log(`Wrote ${target}: ${countOf(plan.signed.length, 'signed agreement')}.`);
  if (!plan.isComplete) {
    console.log(`Incomplete: ${countOf(plan.missing.length, 'paper')} still await a signature (listed in MANIFEST.csv):`);
    for (const paper of plan.missing.slice(0, 20)) console.log(`  ${paper.key}: ${paper.title}`);
    if (plan.missing.length > 20) console.log(`  …and ${plan.missing.length - 20} more`);
  }
  return 0;
}

runCli(main);
