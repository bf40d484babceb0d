// npm run agreement:publish -- FILE [--yes]
// Publishes an agreement file as the next version: shows what authors will sign and the diff
// against the current latest version, then asks before publishing (--yes skips the question).
import './cli-env';

import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';

import { acknowledgementText } from '@/lib/agreements/render-agreement';
import { previewAgreementPublication, publishAgreementVersion } from '@/lib/agreements/publish-agreement-version';
import { prepareDatabase } from '@/lib/startup/start-portal';

import { runCli } from './run-cli';

const usage = 'usage: npm run agreement:publish -- FILE.md [--yes]';

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { yes: { type: 'boolean', short: 'y' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help || positionals.length !== 1) {
    console.error(usage);
    return values.help ? 0 : 2;
  }
  const file = positionals[0]!;
  let source: string;
  try {
    source = await readFile(file, 'utf8');
  } catch (error) {
    console.error(`Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    return 1;
  }

  await prepareDatabase();
  const previewed = await previewAgreementPublication('command-line', source);
  if (!previewed.ok) {
    console.error(`${file} was not published; nothing was written. Fix these problems and run again:`);
    for (const problem of previewed.problems) console.error(`  ${problem.line ? `line ${problem.line}: ` : ''}${problem.message}`);
    return 1;
  }
  const { agreement, previous, diff } = previewed.preview;
  console.log(`${agreement.title}, version ${agreement.version}: ${agreement.clauses.length} clauses, ${agreement.acknowledgements.length} terms to confirm.`);
  console.log('\nWhat a signer confirms (co-authors are named where {{coAuthors}} stands):');
  for (const item of agreement.acknowledgements) {
    console.log(`  [ ] (clause ${item.clause}) ${acknowledgementText(item, ['A. Co-Author'])}`);
  }
  console.log(previous ? `\nChanges from version ${previous.version}:` : '\nThe first version: everything is new.');
  for (const part of diff) {
    if (part.kind === 'same') continue;
    const mark = part.kind === 'added' ? '+ ' : '- ';
    for (const line of part.text.replace(/\n$/, '').split('\n')) console.log(`${mark}${line}`);
  }

  if (!values.yes) {
    if (!process.stdin.isTTY) {
      console.error('\nNot published: run again with --yes to publish without being asked.');
      return 1;
    }
    const prompt = createInterface({ input: process.stdin, output: process.stdout });
    const answer = await prompt.question(`\nPublish version ${agreement.version}? It can never be changed afterwards. [y/N] `);
    prompt.close();
    if (!/^y(es)?$/i.test(answer.trim())) {
      console.log('Not published.');
      return 1;
    }
  }
  const published = await publishAgreementVersion('command-line', source, { expectedSha256: previewed.preview.sourceSha256 });
  if (!published.ok) {
    for (const problem of published.problems) console.error(`  ${problem.line ? `line ${problem.line}: ` : ''}${problem.message}`);
    return 1;
  }
  console.log(
    `Published ${published.template.title}, version ${published.template.version} (text SHA-256 ${published.template.bodySha256}). ` +
      'Editors can now choose it for their volumes.',
  );
  return 0;
}

runCli(main);
