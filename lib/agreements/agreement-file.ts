// The agreement file: YAML front matter (version, title, what signers confirm, how the text
// is presented) between two `---` lines, then the agreement's text with {{placeholders}}.
// Pure: no database, so the publish command, the admin page and start-up share it.
import { LineCounter, parseDocument, type Node } from 'yaml';
import { z } from 'zod';

import type { Acknowledgement, AgreementPresentation } from '@/db/schema';

import { clauseOfParagraph } from './agreement-blocks';

/** Placeholders the text may use; each is filled per paper when the agreement is rendered. */
export const BODY_PLACEHOLDERS = ['title', 'proceedings', 'correspondingAuthor'] as const;
/** The one placeholder an acknowledgement may use: ", including A and B" or nothing. */
export const ACKNOWLEDGEMENT_PLACEHOLDERS = ['coAuthors'] as const;

export type AgreementFile = {
  version: number;
  title: string;
  body: string;
  acknowledgements: Acknowledgement[];
  presentation: AgreementPresentation;
  /** Clause numbers found in the text, in order ("1", "2", "6.1"…). */
  clauses: string[];
  /** The file as given (line ends normalized), kept with the published version. */
  source: string;
};

export type AgreementFileProblem = { line: number | null; message: string };

export type ParseAgreementFileResult =
  | { ok: true; agreement: AgreementFile }
  | { ok: false; problems: AgreementFileProblem[] };

// Messages name no field: each problem is reported as "line N: path: message".
const text = (max: number) =>
  z
    .string({ error: 'must not be empty' })
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`);

/** A strict object whose unknown keys are named (a typo in a key is the commonest mistake). */
const strict = <T extends z.ZodRawShape>(shape: T, what: string) =>
  z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `unknown key ${issue.keys.map((key) => `"${key}"`).join(', ')}; ${what} may have ${Object.keys(shape).join(', ')}`
        : `${what} must be a set of "key: value" lines`,
  });

const clauseRef = z.union([z.string(), z.number()], { error: 'must be a clause number such as "6.1"' }).transform(String);

const frontMatterSchema = strict(
  {
    version: z
      .number({ error: 'must be a whole number (1, 2, …)' })
      .int('must be a whole number (1, 2, …)')
      .min(1, 'must be 1 or more'),
    title: text(200),
    termination: strict(
      {
        clause: clauseRef,
        months: z.number({ error: 'must be a number of months' }).int().min(1).max(120),
      },
      'termination',
    )
      .nullable()
      .default(null),
    acknowledgements: z
      .array(
        strict(
          {
            id: z
              .string({ error: 'must be a word such as "warranty-original"' })
              .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be lower-case words joined by hyphens, e.g. "warranty-original"'),
            clause: clauseRef,
            text: text(1000),
          },
          'an acknowledgement',
        ),
        { error: 'must be a list' },
      )
      .min(1, 'at least one acknowledgement is needed: what does the signer confirm?')
      .max(30, 'at most 30 acknowledgements'),
    asides: z
      .array(
        strict(
          {
            clause: clauseRef,
            title: text(200),
            text: text(2000),
            link: strict(
              {
                href: z.url({ protocol: /^https$/, error: 'must be an https:// URL' }),
                label: text(200),
              },
              'link',
            ).optional(),
          },
          'an aside',
        ),
        { error: 'must be a list' },
      )
      .max(20)
      .default([]),
  },
  'the front matter',
);

/** Parses and checks an agreement file; every problem is reported with its line in the file. */
export function parseAgreementFile(input: string): ParseAgreementFileResult {
  const source = input.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const lines = source.split('\n');
  if (lines[0]?.trim() !== '---') {
    return fail(1, 'the file must start with a line "---", then the front matter, then another "---"');
  }
  const end = lines.findIndex((line, index) => index > 0 && line.trim() === '---');
  if (end === -1) return fail(null, 'the front matter is not closed: add a line "---" before the agreement text');
  // Line numbers below are 1-based lines of the whole file; the front matter starts on line 2.
  const frontMatter = lines.slice(1, end).join('\n');
  const bodyStartLine = end + 2;
  const body = lines.slice(end + 1).join('\n').normalize('NFC');

  const lineCounter = new LineCounter();
  const document = parseDocument(frontMatter, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (document.errors.length > 0) {
    return {
      ok: false,
      problems: document.errors.map((error) => ({
        line: lineCounter.linePos(error.pos[0]).line + 1,
        message: `front matter: ${error.message.split('\n')[0]}`,
      })),
    };
  }
  // The line of the deepest node on `path` that exists (a missing key points at its parent).
  const lineOf = (path: PropertyKey[]): number => {
    for (let depth = path.length; depth > 0; depth -= 1) {
      const node = document.getIn(path.slice(0, depth), true) as Node | undefined;
      if (node?.range) return lineCounter.linePos(node.range[0]).line + 1;
    }
    return 2;
  };

  const parsed = frontMatterSchema.safeParse(document.toJS() ?? {});
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((issue) => ({
        // An unknown key is reported at its own line.
        line: lineOf(issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]!] : issue.path),
        message: `${issue.path.length ? `${issue.path.join('.')}: ` : ''}${issue.message}`,
      })),
    };
  }
  const front = parsed.data;
  const problems: AgreementFileProblem[] = [];

  if (body.trim() === '') problems.push({ line: bodyStartLine, message: 'the agreement text after the front matter is empty' });
  body.split('\n').forEach((line, index) => {
    for (const [, name] of line.matchAll(/\{\{\s*([^}]*?)\s*\}\}/g)) {
      if (!(BODY_PLACEHOLDERS as readonly string[]).includes(name ?? '')) {
        problems.push({
          line: bodyStartLine + index,
          message: `unknown placeholder {{${name}}}; the text may use ${BODY_PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ')}`,
        });
      }
    }
  });

  const clauses = body
    .split(/\n{2,}/)
    .map((paragraph) => clauseOfParagraph(paragraph.trim()))
    .filter((clause): clause is string => clause !== null);
  const numbersIn = (reference: string) => reference.match(/\d+(?:\.\d+)*/g) ?? [];
  const checkClause = (reference: string, path: PropertyKey[], what: string, mustBeNumber: boolean) => {
    const numbers = numbersIn(reference);
    if (mustBeNumber && numbers.length !== 1) {
      problems.push({ line: lineOf(path), message: `${what}: "${reference}" must be one clause number` });
      return;
    }
    for (const number of numbers) {
      if (!clauses.includes(number)) {
        problems.push({
          line: lineOf(path),
          message: `${what}: the text has no clause ${number} (its clauses: ${clauses.join(', ') || 'none'})`,
        });
      }
    }
  };

  const seenIds = new Set<string>();
  front.acknowledgements.forEach((acknowledgement, index) => {
    if (seenIds.has(acknowledgement.id)) {
      problems.push({ line: lineOf(['acknowledgements', index, 'id']), message: `acknowledgement id "${acknowledgement.id}" is used twice` });
    }
    seenIds.add(acknowledgement.id);
    checkClause(acknowledgement.clause, ['acknowledgements', index, 'clause'], `acknowledgements.${index}.clause`, false);
    for (const [, name] of acknowledgement.text.matchAll(/\{\{\s*([^}]*?)\s*\}\}/g)) {
      if (!(ACKNOWLEDGEMENT_PLACEHOLDERS as readonly string[]).includes(name ?? '')) {
        problems.push({
          line: lineOf(['acknowledgements', index, 'text']),
          message: `acknowledgements.${index}.text: unknown placeholder {{${name}}}; an acknowledgement may use {{coAuthors}}`,
        });
      }
    }
  });
  front.asides.forEach((aside, index) =>
    checkClause(aside.clause, ['asides', index, 'clause'], `asides.${index}.clause`, true),
  );
  if (front.termination) checkClause(front.termination.clause, ['termination', 'clause'], 'termination.clause', true);

  if (problems.length > 0) return { ok: false, problems: problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)) };
  return {
    ok: true,
    agreement: {
      version: front.version,
      title: front.title,
      body,
      acknowledgements: front.acknowledgements,
      presentation: {
        asides: front.asides.map(({ link, ...aside }) => (link ? { ...aside, link } : aside)),
        termination: front.termination,
      },
      clauses,
      source,
    },
  };
}

function fail(line: number | null, message: string): ParseAgreementFileResult {
  return { ok: false, problems: [{ line, message }] };
}
