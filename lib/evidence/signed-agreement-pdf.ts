import 'server-only';

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import subsetFont from 'subset-font';

import { formatUtc } from '@/lib/agreements/format-time';

// Noto Sans covers Latin, Greek and Cyrillic; Noto Sans SC adds Chinese (and is embedded only
// when a name or title needs it), Noto Sans Mono sets hashes and ids. All come from npm
// packages, and every font is embedded (none is left to the reader). They are subset with HarfBuzz
// (subset-font) and embedded whole: pdf-lib's own fontkit subsetter drops glyphs of these fonts.
const FONT_DIR = path.join(process.cwd(), 'node_modules', '@expo-google-fonts');
const FONT_FILES = {
  regular: path.join(FONT_DIR, 'noto-sans', '400Regular', 'NotoSans_400Regular.ttf'),
  bold: path.join(FONT_DIR, 'noto-sans', '700Bold', 'NotoSans_700Bold.ttf'),
  cjk: path.join(FONT_DIR, 'noto-sans-sc', '400Regular', 'NotoSansSC_400Regular.ttf'),
  // Hashes, ids and the seal: monospaced so a 64-digit SHA-256 fits one copyable line. Embedded
  // like the others (not a standard PDF font), so the PDF renders the same everywhere.
  mono: path.join(FONT_DIR, 'noto-sans-mono', '400Regular', 'NotoSansMono_400Regular.ttf'),
};
type Coverage = { has: (codePoint: number) => boolean };
type FontFiles = Record<keyof typeof FONT_FILES, Buffer> & { mainCoverage: Set<number>; cjkCoverage: Coverage };
const fontCache = globalThis as unknown as { __pdfFonts?: FontFiles };
function fontFiles(): FontFiles {
  if (!fontCache.__pdfFonts) {
    const regular = readFileSync(FONT_FILES.regular);
    const cjk = readFileSync(FONT_FILES.cjk);
    fontCache.__pdfFonts = {
      regular,
      bold: readFileSync(FONT_FILES.bold),
      cjk,
      mono: readFileSync(FONT_FILES.mono),
      mainCoverage: new Set(fontkit.create(regular).characterSet),
      cjkCoverage: glyphLookup(cjk),
    };
  }
  return fontCache.__pdfFonts;
}

/** Whether a font has a glyph for a code point, asked of its character map and remembered. */
function glyphLookup(file: Buffer): Coverage {
  const font = fontkit.create(file);
  const known = new Map<number, boolean>();
  return {
    has(codePoint) {
      let found = known.get(codePoint);
      if (found === undefined) known.set(codePoint, (found = font.hasGlyphForCodePoint(codePoint)));
      return found;
    },
  };
}

// Every fixed label of the document is drawn from these; the rest comes from the input.
const ALWAYS_INCLUDED = (() => {
  let chars = '';
  for (let code = 0x20; code <= 0x7e; code += 1) chars += String.fromCharCode(code);
  for (let code = 0xa0; code <= 0xff; code += 1) chars += String.fromCharCode(code);
  return `${chars}\u2010\u2011\u2012\u2013\u2014\u2018\u2019\u201c\u201d\u2022\u2026`;
})();

// Ligatures ("fi", "ff") would make the text layer read "speciﬁed": copying or searching the
// agreement must give back exactly its words.
// GPOS features (kerning, mark positioning) only move glyphs, and pdf-lib draws from glyph ids and
// advance widths alone, so they are not computed at all.
const DRAWN_FEATURES = { liga: false, clig: false, dlig: false, kern: false, mark: false, mkmk: false };

// Every value set in the monospaced font (hex, base64url, UUIDs, IPs, key ids) is ASCII.
const PRINTABLE_ASCII = String.fromCharCode(...Array.from({ length: 95 }, (_, index) => 32 + index));

// Scripts drawn without complex shaping (pdf-lib lays text out left to right, glyph by glyph;
// fontkit's Indic and Arabic shapers fail outright): a character of any other script, or one no
// embedded font has (emoji), cannot be shown as typed.
const SIMPLE_SCRIPT = /^[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Bopomofo}\p{Script=Common}\p{Script=Inherited}]$/u;

function isPrintable(char: string, files: FontFiles): boolean {
  const code = char.codePointAt(0)!;
  return SIMPLE_SCRIPT.test(char) && (files.mainCoverage.has(code) || files.cjkCoverage.has(code));
}

/**
 * The characters of `text` the signed PDF could not show as typed (emoji, scripts beyond Latin,
 * Greek, Cyrillic, Chinese and Japanese kana). A typed name with any is refused before signing
 * (lib/agreements/sign-agreement.ts): the PDF must show the name as typed.
 */
export function unprintableCharacters(text: string): string[] {
  const files = fontFiles();
  return [...new Set([...text].filter((char) => !/\s/.test(char) && !isPrintable(char, files)))];
}

// What makes a PDF cost little (docs/benchmarks.md, bench:sign): a font is subset to a given set
// of characters once per process, and each subset is parsed once by fontkit, whose text layout
// (shaping: the costliest step) is remembered per string. pdf-lib reads from a layout only the
// glyph ids and advance widths and never changes it, so one layout serves every document; each
// PDF shows the same glyphs in the same places as it would without the caches.
const SUBSETS_KEPT = 64;
const LAYOUTS_KEPT = 50_000;
type PdfFontkit = Parameters<PDFDocument['registerFontkit']>[0];
type FontkitFont = ReturnType<PdfFontkit['create']>;
const subsetCache = globalThis as unknown as {
  __pdfSubsets?: Map<string, Promise<Buffer>>;
  __pdfParsed?: WeakMap<Uint8Array, FontkitFont>;
  __pdfDeflated?: WeakMap<Uint8Array, Uint8Array>;
  __pdfSubsetBytes?: WeakSet<Uint8Array>;
  __pdfWraps?: Map<string, string[]>;
};
const WRAPS_KEPT = 5_000;
/** The subsets this module made (and only those have their deflated bytes remembered). */
const subsetBytes = (subsetCache.__pdfSubsetBytes ??= new WeakSet());

function remember<V>(cache: Map<string, V>, key: string, limit: number, make: () => V): V {
  const found = cache.get(key);
  if (found !== undefined) {
    // Most recently used last, so the first key is the one to let go.
    cache.delete(key);
    cache.set(key, found);
    return found;
  }
  const value = make();
  cache.set(key, value);
  if (cache.size > limit) cache.delete(cache.keys().next().value!);
  return value;
}

function subset(font: keyof typeof FONT_FILES, chars: string): Promise<Buffer> {
  const subsets = (subsetCache.__pdfSubsets ??= new Map());
  const sorted = [...new Set(chars)].sort().join('');
  return remember(subsets, `${font}\u0000${sorted}`, SUBSETS_KEPT, () => {
    const made = subsetFont(fontFiles()[font], sorted, { targetFormat: 'truetype' }).then((bytes) => {
      subsetBytes.add(bytes);
      return bytes;
    });
    made.catch(() => subsets.delete(`${font}\u0000${sorted}`));
    return made;
  });
}

/**
 * pdf-lib deflates an embedded font's bytes into every document; a subset's deflated bytes are
 * the same each time, so they are made once. Set on this document's context only: any other
 * stream is deflated as pdf-lib always does.
 */
function deflateFontsOnce(pdf: PDFDocument) {
  const deflated = (subsetCache.__pdfDeflated ??= new WeakMap());
  const context = pdf.context;
  const flateStream = context.flateStream.bind(context);
  context.flateStream = (contents, dict = {}) => {
    if (!(contents instanceof Uint8Array) || !subsetBytes.has(contents)) return flateStream(contents, dict);
    let bytes = deflated.get(contents);
    if (!bytes) deflated.set(contents, (bytes = new Uint8Array(deflateSync(contents))));
    return context.stream(bytes, { ...dict, Filter: 'FlateDecode' });
  };
}

/** fontkit for pdf-lib, handing back one parsed font per subset, with its layouts remembered. */
const sharedFontkit: PdfFontkit = {
  create(bytes) {
    const parsed = (subsetCache.__pdfParsed ??= new WeakMap());
    let font = parsed.get(bytes);
    if (!font) {
      font = fontkit.create(bytes);
      const layout = font.layout.bind(font);
      // pdf-lib passes the options' features object itself: one remembered set of layouts each.
      const byFeatures = new Map<unknown, Map<string, ReturnType<FontkitFont['layout']>>>();
      font.layout = ((text: string, features?: Record<string, boolean>) => {
        let layouts = byFeatures.get(features);
        if (!layouts) byFeatures.set(features, (layouts = new Map()));
        return remember(layouts, text, LAYOUTS_KEPT, () => layout(text, features));
      }) as FontkitFont['layout'];
      parsed.set(bytes, font);
    }
    return font;
  },
};

export type SignedAgreementPdfInput = {
  signatureId: string;
  agreementTitle: string;
  templateVersion: number;
  text: string;
  textSha256: string;
  typedName: string;
  nameOnRecord: string;
  signerEmail: string;
  signedAt: Date;
  ipAddress: string | null;
  userAgent: string | null;
  authMethod: string;
  titleAtSigning: string;
  proceedingsAtSigning: string;
  seal: string;
  sealKeyId: string;
  /** The canonical record the seal covers, attached to the PDF as sealed-record.json. */
  sealedRecord: string;
  /** X-Forwarded-For as claimed by the request, if any (shown as claimed, never as the address). */
  forwardedForClaimed?: string | null;
  verifyUrl: string;
  publicKeyUrl: string;
};

const PAGE = { width: 595.28, height: 841.89, margin: 56 };
const INK = rgb(0.1, 0.12, 0.16);
const MUTED = rgb(0.35, 0.38, 0.43);

type Fonts = {
  regular: PDFFont;
  bold: PDFFont;
  cjk: PDFFont | null;
  mono: PDFFont;
  covered: Set<number>;
  printable: (char: string) => boolean;
  /** Which subsets these are: text wraps the same in the same subsets. */
  key: string;
};

/**
 * The signed agreement as a PDF: the text exactly as signed, then an evidence page. Made
 * once, at signing; the bytes are stored and their SHA-256 recorded, so it is never remade.
 */
export async function renderSignedAgreementPdf(input: SignedAgreementPdfInput): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.registerFontkit(sharedFontkit);
  deflateFontsOnce(pdf);
  const files = fontFiles();
  const covered = files.mainCoverage;
  const dynamic = Object.values(input)
    .filter((value): value is string => typeof value === 'string')
    .join('');
  const chars = [...new Set(ALWAYS_INCLUDED + dynamic)].sort();
  const printable = chars.filter((char) => isPrintable(char, files));
  const mainChars = printable.filter((char) => covered.has(char.codePointAt(0)!)).join('');
  // Only what can be shown: anything else is drawn as "?" (runs()); a font subset to none of its
  // characters would have no character map at all.
  const cjkChars = printable.filter((char) => !covered.has(char.codePointAt(0)!)).join('');
  const fonts: Fonts = {
    regular: await pdf.embedFont(await subset('regular', mainChars), { features: DRAWN_FEATURES }),
    bold: await pdf.embedFont(await subset('bold', mainChars), { features: DRAWN_FEATURES }),
    cjk: cjkChars ? await pdf.embedFont(await subset('cjk', cjkChars), { features: DRAWN_FEATURES }) : null,
    mono: await pdf.embedFont(await subset('mono', PRINTABLE_ASCII)),
    covered,
    printable: (char) => isPrintable(char, files),
    key: `${mainChars}\u0001${cjkChars}`,
  };

  pdf.setTitle(`${input.agreementTitle}: ${input.titleAtSigning}`);
  pdf.setAuthor(input.typedName);
  pdf.setSubject(`Signed publication agreement, signature ${input.signatureId}`);
  pdf.setKeywords([`signature:${input.signatureId}`, `text-sha256:${input.textSha256}`]);
  pdf.setCreator('PMLR publication agreement portal');
  pdf.setProducer('pdf-lib');
  pdf.setCreationDate(input.signedAt);
  pdf.setModificationDate(input.signedAt);

  const writer = new PageWriter(pdf, fonts);
  writer.heading(`${input.agreementTitle} (version ${input.templateVersion})`);
  writer.gap(6);
  for (const paragraph of input.text.trimEnd().split(/\n{2,}/)) {
    for (const line of paragraph.split('\n')) writer.paragraph(line, 10.5);
    writer.gap(7);
  }
  writer.gap(10);
  writer.line(`Signed electronically by ${input.typedName} on ${formatUtc(input.signedAt)}.`, {
    font: 'bold',
    size: 11,
  });
  writer.line('The evidence of this signature is on the last page.', { size: 9.5, color: MUTED });

  writer.newPage();
  writer.heading('Evidence of signature');
  writer.gap(4);
  const facts: [string, string, boolean?][] = [
    ['Signer (typed name)', input.typedName],
    ['Name on record', input.nameOnRecord],
    ['Signer email', input.signerEmail],
    [
      'Signed in by',
      input.authMethod === 'email-magic-link' ? 'one-time link sent to the signer email' : input.authMethod,
    ],
    ['Signed at (UTC)', `${formatUtc(input.signedAt)} (${input.signedAt.toISOString()})`],
    ['IP address', input.ipAddress ?? 'not recorded'],
    ...(input.forwardedForClaimed
      ? ([['X-Forwarded-For (claimed by the request, not verified)', input.forwardedForClaimed]] as [string, string][])
      : []),
    ['User agent', input.userAgent ?? 'not recorded'],
    ['Paper', input.titleAtSigning],
    ['Proceedings', input.proceedingsAtSigning],
    ['Agreement version', String(input.templateVersion)],
    ['SHA-256 of the text', input.textSha256, true],
    ['Signature id', input.signatureId, true],
    ['Seal key id', input.sealKeyId, true],
    ['Seal (Ed25519)', input.seal, true],
  ];
  for (const [label, value, isMono] of facts) writer.fact(label, value, isMono);
  writer.gap(12);
  writer.paragraph(
    'The seal is the portal’s Ed25519 signature over the canonical signature record. Anyone can check it ' +
      `with the public key published at ${input.publicKeyUrl}, without access to the portal’s database.`,
    9.5,
    MUTED,
  );
  writer.gap(6);
  writer.paragraph(`Verify this document: ${input.verifyUrl}`, 9.5);

  // The sealed record itself, so that a verifier needs only this file and the published keys
  // (scripts/verify-evidence.mjs reads it without the portal's code).
  await pdf.attach(
    Buffer.from(
      `{"record":${input.sealedRecord},"seal":${JSON.stringify(input.seal)},"sealKeyId":${JSON.stringify(input.sealKeyId)}}`,
      'utf8',
    ),
    'sealed-record.json',
    {
      mimeType: 'application/json',
      description: 'The canonical signature record (RFC 8785) and its Ed25519 seal',
      creationDate: input.signedAt,
      modificationDate: input.signedAt,
    },
  );
  return pdf.save({ useObjectStreams: false });
}

class PageWriter {
  private page: PDFPage;
  private y = 0;
  private readonly width = PAGE.width - 2 * PAGE.margin;

  constructor(
    private readonly pdf: PDFDocument,
    private readonly fonts: Fonts,
  ) {
    this.page = this.addPage();
  }

  private addPage(): PDFPage {
    const page = this.pdf.addPage([PAGE.width, PAGE.height]);
    this.y = PAGE.height - PAGE.margin;
    return page;
  }

  newPage() {
    this.page = this.addPage();
  }

  gap(points: number) {
    this.y -= points;
  }

  private ensure(height: number) {
    if (this.y - height < PAGE.margin) this.page = this.addPage();
  }

  heading(text: string) {
    this.line(text, { font: 'bold', size: 15 });
  }

  line(text: string, options: { font?: 'regular' | 'bold'; size?: number; color?: ReturnType<typeof rgb> } = {}) {
    const size = options.size ?? 10.5;
    for (const wrapped of this.wrap(text, size, options.font ?? 'regular', this.width)) {
      this.ensure(size * 1.45);
      this.y -= size * 1.45;
      this.draw(wrapped, PAGE.margin, this.y, size, options.font ?? 'regular', options.color ?? INK);
    }
  }

  paragraph(text: string, size: number, color = INK) {
    const indent = (text.match(/^ */)?.[0].length ?? 0) * size * 0.5;
    for (const wrapped of this.wrap(text.trimStart(), size, 'regular', this.width - indent)) {
      this.ensure(size * 1.45);
      this.y -= size * 1.45;
      this.draw(wrapped, PAGE.margin + indent, this.y, size, 'regular', color);
    }
  }

  fact(label: string, value: string, isMono = false) {
    const size = 9.5;
    const labelWidth = 130;
    const valueWidth = this.width - labelWidth;
    // Noto Sans Mono at 8.5 pt (0.6 em a character) fits a 64-digit SHA-256 on one line, so it can be copied whole.
    const monoSize = 8.5;
    const lines = isMono
      ? chunk(value, Math.floor(valueWidth / (monoSize * 0.6)))
      : this.wrap(value, size, 'regular', valueWidth);
    this.ensure(size * 1.5 * lines.length + 4);
    this.y -= size * 1.5;
    this.draw(label, PAGE.margin, this.y, size, 'bold', MUTED);
    lines.forEach((text, index) => {
      if (index > 0) this.y -= size * 1.5;
      if (isMono)
        this.page.drawText(text, {
          x: PAGE.margin + labelWidth,
          y: this.y,
          size: monoSize,
          font: this.fonts.mono,
          color: INK,
        });
      else this.draw(text, PAGE.margin + labelWidth, this.y, size, 'regular', INK);
    });
    this.y -= 4;
  }

  /** Draws text in runs, switching to the CJK font for characters the main font lacks. */
  private draw(
    text: string,
    x: number,
    y: number,
    size: number,
    weight: 'regular' | 'bold',
    color: ReturnType<typeof rgb>,
  ) {
    let cursor = x;
    for (const run of this.runs(text, weight)) {
      this.page.drawText(run.text, { x: cursor, y, size, font: run.font, color });
      cursor += run.font.widthOfTextAtSize(run.text, size);
    }
  }

  private runs(text: string, weight: 'regular' | 'bold'): { text: string; font: PDFFont }[] {
    const main = weight === 'bold' ? this.fonts.bold : this.fonts.regular;
    const runs: { text: string; font: PDFFont }[] = [];
    for (const char of text) {
      const code = char.codePointAt(0)!;
      const printable = /\s/.test(char) || this.fonts.printable(char);
      const font = !printable || this.fonts.covered.has(code) || !this.fonts.cjk ? main : this.fonts.cjk;
      const safe = printable && (font !== main || this.fonts.covered.has(code)) ? char : '?';
      const last = runs[runs.length - 1];
      if (last && last.font === font) last.text += safe;
      else runs.push({ text: safe, font });
    }
    return runs;
  }

  // Shaping a string is slow in fontkit; words recur, so each is measured once per weight.
  private readonly widths = new Map<string, number>();
  private width_(text: string, size: number, weight: 'regular' | 'bold'): number {
    let total = 0;
    for (const token of text.split(/(\s+)/)) {
      if (!token) continue;
      const key = `${weight}\u0000${token}`;
      let width = this.widths.get(key);
      if (width === undefined) {
        width = this.runs(token, weight).reduce((sum, run) => sum + run.font.widthOfTextAtSize(run.text, 1), 0);
        this.widths.set(key, width);
      }
      total += width * size;
    }
    return total;
  }

  /**
   * Greedy word wrap; a word longer than the line (a URL, CJK text) is broken by character. The
   * agreement's paragraphs are the same in every document set in the same subsets, so their
   * lines are remembered.
   */
  private wrap(text: string, size: number, weight: 'regular' | 'bold', maxWidth: number): string[] {
    const wraps = (subsetCache.__pdfWraps ??= new Map());
    return remember(wraps, `${this.fonts.key}\u0000${weight}\u0000${size}\u0000${maxWidth}\u0000${text}`, WRAPS_KEPT, () =>
      this.wrapAnew(text, size, weight, maxWidth),
    );
  }

  private wrapAnew(text: string, size: number, weight: 'regular' | 'bold', maxWidth: number): string[] {
    if (text === '') return [''];
    const lines: string[] = [];
    let current = '';
    let currentWidth = 0;
    for (const word of text.split(/(\s+)/).filter(Boolean)) {
      const wordWidth = this.width_(word, size, weight);
      if (currentWidth + wordWidth <= maxWidth) {
        current += word;
        currentWidth += wordWidth;
        continue;
      }
      if (current.trim()) lines.push(current.trimEnd());
      current = '';
      currentWidth = 0;
      // Measured a character at a time: glyph widths add up (no ligatures, and pdf-lib sets no kerning).
      for (const char of word.trimStart()) {
        const charWidth = this.width_(char, size, weight);
        if (currentWidth + charWidth > maxWidth && current) {
          lines.push(current);
          current = '';
          currentWidth = 0;
        }
        current += char;
        currentWidth += charWidth;
      }
    }
    if (current.trim() || lines.length === 0) lines.push(current.trimEnd());
    return lines;
  }
}

function chunk(value: string, size: number): string[] {
  const parts: string[] = [];
  for (let index = 0; index < value.length; index += size) parts.push(value.slice(index, index + size));
  return parts.length ? parts : [''];
}
