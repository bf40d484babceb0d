// Paragraphs and clause numbers of an agreement text. No dependencies: the author's page, the
// admin's publish preview (a client component) and the agreement-file parser share it.

/** A paragraph that starts "6.1. " or "7. " opens that clause. */
export function clauseOfParagraph(paragraph: string): string | null {
  return paragraph.match(/^(\d+(?:\.\d+)*)\.\s/)?.[1] ?? null;
}

export type AgreementBlock = { text: string; clause: string | null };

/** Paragraphs of a rendered agreement, with the clause number each one starts, for display. */
export function agreementBlocks(text: string): AgreementBlock[] {
  return text
    .trimEnd()
    .split(/\n{2,}/)
    .map((block) => ({ text: block, clause: clauseOfParagraph(block) }));
}
