// Posting the sign form as a browser with JavaScript does (a fetch action), without a browser: for
// tests that sign hundreds of times at once.
import { readFileSync } from 'node:fs';

import type { Sql } from './portal';

/** The id the build gave a server action (`file#export`), read from its manifest. */
export function actionId(key: string): string {
  const manifest = JSON.parse(readFileSync('.next/server/server-reference-manifest.json', 'utf8')) as {
    node: Record<string, { filename: string; exportedName: string }>;
  };
  const [file, name] = key.split('#');
  const found = Object.entries(manifest.node).find(([, entry]) => entry.filename === file && entry.exportedName === name);
  if (!found) throw new Error(`${key} is not in the build's server-reference manifest`);
  return found[0];
}

export const SIGN_ACTION = 'app/papers/[paperId]/actions.ts#signAgreementAction';

/** The acknowledgement ids of the agreement version volume 151 signs. */
export async function acknowledgementIds(sql: Sql): Promise<string[]> {
  const [template] = await sql<{ acknowledgements: { id: string }[] }[]>`
    select t.acknowledgements from agreement_templates t join volumes v on v.agreement_version = t.version where v.number = 151`;
  return template!.acknowledgements.map((acknowledgement) => acknowledgement.id);
}

export type SignOutcome = 'signed' | 'not-recorded' | 'unknown' | 'already-signed' | 'refused' | 'server-error' | 'no-answer';

/** Sends fields as the sign form does and sorts the answer by what the author would be told. */
export async function postSignForm(
  baseUrl: string,
  sessionToken: string,
  fields: { paperId: string; typedName: string; acknowledged: string[] },
  timeoutMs = 120_000,
): Promise<{ outcome: SignOutcome; status: number; body: string }> {
  // As React encodes it: the form's fields under "_1_", then the arguments in "0", which names
  // the form as $K1. The server reads "0" when it arrives, so it comes last.
  const form = new FormData();
  form.append('_1_paperId', fields.paperId);
  form.append('_1_typedName', fields.typedName);
  for (const id of fields.acknowledged) form.append('_1_acknowledged', id);
  form.append('0', JSON.stringify([null, '$K1']));
  let response: Response;
  try {
    response = await fetch(`${baseUrl}/papers/${encodeURIComponent(fields.paperId)}`, {
      method: 'POST',
      headers: {
        'next-action': actionId(SIGN_ACTION),
        accept: 'text/x-component',
        origin: baseUrl,
        cookie: `authjs.session-token=${sessionToken}`,
      },
      body: form,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch {
    return { outcome: 'no-answer', status: 0, body: '' };
  }
  const body = await response.text().catch(() => '');
  const redirect = response.headers.get('x-action-redirect') ?? '';
  if (redirect.includes('signed=1')) return { outcome: 'signed', status: response.status, body };
  if (response.status >= 500) return { outcome: 'server-error', status: response.status, body };
  if (body.includes('so your signature was not recorded')) return { outcome: 'not-recorded', status: response.status, body };
  if (body.includes('could not yet check whether it was kept')) return { outcome: 'unknown', status: response.status, body };
  if (body.includes('already been signed')) return { outcome: 'already-signed', status: response.status, body };
  return { outcome: 'refused', status: response.status, body };
}

/** Runs `work` over `items`, `concurrency` at a time. */
export async function inParallel<T, R>(items: readonly T[], concurrency: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index]!, index);
      }
    }),
  );
  return results;
}
