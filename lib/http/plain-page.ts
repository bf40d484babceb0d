/**
 * A short, self-contained HTML page for answers given outside React: a refusal (429) from a
 * route handler, or a result shown to a browser without JavaScript. No scripts, inline styles
 * only (the CSP allows them), every piece of text escaped.
 */
export type PlainPage = {
  title: string;
  /** Paragraphs of plain text (escaped here). */
  paragraphs: readonly string[];
  /** Lines listed under the paragraphs, e.g. what was checked. */
  list?: { label: string; items: readonly string[] };
  back: { href: string; label: string };
};

export function plainPage({ title, paragraphs, list, back }: PlainPage): string {
  const items = list
    ? `<ul aria-label="${escapeHtml(list.label)}">${list.items.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</ul>`
    : '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)} · PMLR agreements</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 36rem; margin: 3rem auto; padding: 0 1rem; line-height: 1.6; color: #0f172a; overflow-wrap: anywhere">
<main><h1 style="font-size: 1.5rem">${escapeHtml(title)}</h1>
${paragraphs.map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`).join('\n')}
${items}
<p><a href="${escapeHtml(back.href)}">${escapeHtml(back.label)}</a></p></main></body></html>`;
}

export function plainPageResponse(page: PlainPage, status: number, headers: Record<string, string> = {}): Response {
  return new Response(plainPage(page), {
    status,
    headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', ...headers },
  });
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}
