import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';

import { parse } from 'csv-parse/sync';
import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';

import { getDb } from '@/db/client';
import { papers, volumes } from '@/db/schema';
import { paperRow, seedPapers, seedUser, seedVolume, signPaperAs } from '@/tests/factories';

import { getPermissionsPlan, permissionsZipStream } from './permissions-folder';

const work = mkdtempSync(path.join(tmpdir(), 'permissions-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

let nextVolume = 8700;
async function volumeWithPapers(count: number) {
  const number = nextVolume++;
  await seedVolume(number, `Permissions ${number}`);
  await seedPapers(Array.from({ length: count }, () => paperRow({ volume: number })));
  const db = await getDb();
  const rows = await db.select({ paper: papers }).from(papers).innerJoin(volumes, eq(volumes.id, papers.volumeId)).where(eq(volumes.number, number));
  const editor = await seedUser(`permissions-editor-${number}@example.org`, 'editor', [number]);
  return { number, editor, papers: rows.map((row) => row.paper) };
}

async function zipOf(plan: Awaited<ReturnType<typeof getPermissionsPlan>>): Promise<string> {
  const file = path.join(work, plan.filename);
  await pipeline(permissionsZipStream(plan), createWriteStream(file));
  return file;
}

const unzip = (...args: string[]) => execFileSync('unzip', args, { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 });

describe('the permissions folder', () => {
  it('holds every sealed PDF byte for byte under PMLR’s names, and a manifest; unzip -t passes', async () => {
    const { number, editor, papers: volumePapers } = await volumeWithPapers(3);
    const signatures = [];
    for (const paper of volumePapers) signatures.push(await signPaperAs(paper.correspondingAuthorEmail, paper.id));
    const plan = await getPermissionsPlan(editor, number);
    expect(plan.filename).toBe(`v${number}permissions.zip`);
    const file = await zipOf(plan);

    expect(unzip('-t', file).toString()).toContain('No errors detected');
    const names = unzip('-Z1', file).toString().trim().split('\n').sort();
    expect(names).toEqual(
      [...volumePapers.map((paper) => `v${number}permissions/${paper.paperKey}Permission.pdf`), `v${number}permissions/MANIFEST.csv`].sort(),
    );
    for (const [index, paper] of volumePapers.entries()) {
      const pdf = unzip('-p', file, `v${number}permissions/${paper.paperKey}Permission.pdf`);
      expect(createHash('sha256').update(pdf).digest('hex')).toBe(signatures[index]!.pdfSha256);
    }
    const manifest = parse(unzip('-p', file, `v${number}permissions/MANIFEST.csv`), { columns: true }) as Record<string, string>[];
    expect(manifest).toHaveLength(3);
    expect(manifest.every((row) => row.status === 'signed' && /^[0-9a-f]{64}$/.test(row.pdf_sha256!) && row.verify_url!.includes('/verify?signature='))).toBe(true);
  });

  it('is named incomplete while papers await a signature, and lists them', async () => {
    const { number, editor, papers: volumePapers } = await volumeWithPapers(2);
    await signPaperAs(volumePapers[0]!.correspondingAuthorEmail, volumePapers[0]!.id);
    const plan = await getPermissionsPlan(editor, number);
    expect(plan.filename).toBe(`v${number}permissions-incomplete.zip`);
    const file = await zipOf(plan);
    expect(unzip('-t', file).toString()).toContain('No errors detected');
    const manifest = parse(unzip('-p', file, `v${number}permissions/MANIFEST.csv`), { columns: true }) as Record<string, string>[];
    expect(manifest.map((row) => [row.status, row.key])).toEqual([
      ['signed', volumePapers[0]!.paperKey],
      ['awaiting signature', volumePapers[1]!.paperKey],
    ]);
  });

  it('is refused to an author and to an editor of another volume', async () => {
    const { number, papers: volumePapers } = await volumeWithPapers(1);
    const author = await seedUser(volumePapers[0]!.correspondingAuthorEmail);
    const other = await seedUser(`permissions-other-${number}@example.org`, 'editor', [number + 1000]);
    await expect(getPermissionsPlan(author, number)).rejects.toMatchObject({ code: 'not-found' });
    await expect(getPermissionsPlan(other, number)).rejects.toMatchObject({ code: 'not-found' });
  });
});
