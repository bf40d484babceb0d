import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';

import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';

import { getDb } from '@/db/client';
import { auditEvents, papers, signatures, volumes } from '@/db/schema';
import { verifySignatureId } from '@/lib/evidence/verify-signature';
import { getPermissionsPlan, permissionsZipStream } from '@/lib/permissions/permissions-folder';
import { paperRow, seedPapers, seedUser, seedVolume, signPaperAs, testRequestContext } from '@/tests/factories';

import { applyRekey, normaliseTitle, parseBibtex, previewRekey } from './rekey-from-bibtex';

const work = mkdtempSync(path.join(tmpdir(), 'rekey-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const VOLUME = 8901;
// The volume's BibTeX as chairs write it: LaTeX accents, protective braces, PMLR's keys.
const BIBTEX = String.raw`
@InProceedings{muller22a,
  title = {{\"U}ber-Parametrised Networks {G}eneralise},
  author = {M{\"u}ller, J{\"u}rgen and Ng, Zo{\"e}},
  openreview = {forum123}
}
@InProceedings{pmlr-v8901-kierkegaard22a,
  title = {Bandits with {Knapsacks}, Revisited},
  author = {Kierkegaard, S{\o}ren}
}
@InProceedings{twin22a,
  title = {Twin Titles},
  author = {One, Author}
}
@InProceedings{ghost22a,
  title = {A Paper Nobody Submitted},
  author = {Nobody, Anne}
}
`;

describe('PMLR keys from the volume’s BibTeX', () => {
  it('normalises titles the way BibTeX writes them', () => {
    const parsed = parseBibtex(BIBTEX);
    if (!parsed.ok) throw new Error(parsed.problems.join('; '));
    expect(parsed.entries.map((entry) => entry.key)).toEqual(['muller22a', 'kierkegaard22a', 'twin22a', 'ghost22a']);
    expect(normaliseTitle(parsed.entries[0]!.title)).toBe(normaliseTitle('Über-Parametrised Networks Generalise'));
    expect(parsed.entries[0]!.authors).toEqual(['Jürgen Müller', 'Zoë Ng']);
    expect(parsed.entries[0]!.openreview).toBe('forum123');
    expect(parseBibtex('@InProceedings{bad key!, title={X}}')).toMatchObject({ ok: false });
  });

  it('previews matches, ambiguous and unmatched entries, and re-keys on confirmation with the evidence intact', async () => {
    await seedVolume(VOLUME, 'BibTeX Volume');
    await seedPapers([
      paperRow({ volume: VOLUME, paperKey: 'cmt101', title: 'Über-Parametrised Networks Generalise' }),
      paperRow({ volume: VOLUME, paperKey: 'cmt102', title: 'Bandits with Knapsacks, revisited' }),
      paperRow({ volume: VOLUME, paperKey: 'cmt103', title: 'Twin Titles' }),
      paperRow({ volume: VOLUME, paperKey: 'cmt104', title: 'Twin  titles' }),
    ]);
    const db = await getDb();
    const rows = await db.select({ paper: papers }).from(papers).innerJoin(volumes, eq(volumes.id, papers.volumeId)).where(eq(volumes.number, VOLUME));
    const byKey = Object.fromEntries(rows.map(({ paper }) => [paper.paperKey, paper]));
    const editor = await seedUser(`bibtex-editor@example.org`, 'editor', [VOLUME]);
    const signature = await signPaperAs(byKey.cmt101!.correspondingAuthorEmail, byKey.cmt101!.id);

    const preview = await previewRekey(editor, { volumeNumber: VOLUME, bibtex: BIBTEX });
    if (!preview.ok) throw new Error(preview.problems.join('; '));
    expect(preview.plan.matched.map((match) => [match.entry.key, match.paper.paperKey, match.by])).toEqual([
      ['muller22a', 'cmt101', 'title'],
      ['kierkegaard22a', 'cmt102', 'title'],
    ]);
    expect(preview.plan.ambiguous.map((item) => [item.entry.key, item.candidates.map((paper) => paper.paperKey).sort()])).toEqual([
      ['twin22a', ['cmt103', 'cmt104']],
    ]);
    expect(preview.plan.unmatched.map((item) => item.entry.key)).toEqual(['ghost22a']);

    // The editor settles the twin: it is cmt104.
    const result = await applyRekey(editor, { volumeNumber: VOLUME, bibtex: BIBTEX, choices: { twin22a: byKey.cmt104!.id } }, testRequestContext);
    expect(result).toEqual({ rekeyed: 3, unchanged: 0 });
    const after = await db.select({ id: papers.id, key: papers.paperKey }).from(papers).where(eq(papers.volumeId, byKey.cmt101!.volumeId));
    expect(Object.fromEntries(after.map((row) => [row.id, row.key]))).toEqual({
      [byKey.cmt101!.id]: 'muller22a',
      [byKey.cmt102!.id]: 'kierkegaard22a',
      [byKey.cmt103!.id]: 'cmt103',
      [byKey.cmt104!.id]: 'twin22a',
    });
    const events = await db.select().from(auditEvents).where(eq(auditEvents.paperId, byKey.cmt101!.id));
    expect(events.find((event) => event.action === 'paper.rekeyed')?.details).toMatchObject({ from: 'cmt101', to: 'muller22a' });

    // The signature is the same row, and still verifies; the permissions folder uses the new key.
    const [stored] = await db.select().from(signatures).where(eq(signatures.id, signature.id));
    expect(stored).toEqual(signature);
    expect((await verifySignatureId(signature.id, signature.textSha256)).isValid).toBe(true);
    const plan = await getPermissionsPlan(editor, VOLUME);
    const file = path.join(work, plan.filename);
    await pipeline(permissionsZipStream(plan), createWriteStream(file));
    expect(execFileSync('unzip', ['-Z1', file], { encoding: 'utf8' })).toContain(`v${VOLUME}permissions/muller22aPermission.pdf`);

    // The same file again changes nothing.
    expect(await applyRekey(editor, { volumeNumber: VOLUME, bibtex: BIBTEX, choices: { twin22a: byKey.cmt104!.id } }, testRequestContext)).toEqual({
      rekeyed: 0,
      unchanged: 3,
    });
  });

  it('is refused to an editor of another volume', async () => {
    const other = await seedUser('bibtex-other@example.org', 'editor', [VOLUME + 50]);
    await expect(previewRekey(other, { volumeNumber: VOLUME, bibtex: BIBTEX })).rejects.toMatchObject({ code: 'not-found' });
  });
});
