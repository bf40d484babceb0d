import { readFile } from 'node:fs/promises';
import path from 'node:path';

import type { Acknowledgement } from '../schema';

const here = path.join(process.cwd(), 'db', 'seed-data');

/** Version 1 of the publication agreement, as published: its text and what a signer confirms. */
export async function readAgreementVersion1() {
  return {
    version: 1,
    title: 'Publication Agreement',
    body: await readFile(path.join(here, 'agreement-v1.txt'), 'utf8'),
    acknowledgements: JSON.parse(
      await readFile(path.join(here, 'agreement-v1.acknowledgements.json'), 'utf8'),
    ) as Acknowledgement[],
  };
}
