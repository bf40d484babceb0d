import { readFile } from 'node:fs/promises';
import path from 'node:path';

/** The agreement the portal ships (PMLR's, version 1), published on an empty database's first start. */
export const SHIPPED_AGREEMENT_PATH = path.join('agreements', 'pmlr-publication-agreement-v1.md');

export function readShippedAgreementSource(): Promise<string> {
  return readFile(path.join(process.cwd(), SHIPPED_AGREEMENT_PATH), 'utf8');
}
