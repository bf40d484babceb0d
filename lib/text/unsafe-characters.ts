/**
 * Control (Unicode Cc) and format (Cf) characters: invisible, yet they change how text reads.
 * A right-to-left override (U+202E) makes "Alice‮rekab" display reversed; a zero-width space
 * makes two equal-looking names differ. Names, titles and authors that become evidence may
 * not contain them (whitespace such as tabs and newlines is collapsed to spaces before this).
 */
const UNSAFE = /[\p{Cc}\p{Cf}]/u;

const NAMES: Record<number, string> = {
  0x00ad: 'soft hyphen',
  0x200b: 'zero-width space',
  0x200c: 'zero-width non-joiner',
  0x200d: 'zero-width joiner',
  0x200e: 'left-to-right mark',
  0x200f: 'right-to-left mark',
  0x202a: 'left-to-right embedding',
  0x202b: 'right-to-left embedding',
  0x202c: 'pop directional formatting',
  0x202d: 'left-to-right override',
  0x202e: 'right-to-left override',
  0x2066: 'left-to-right isolate',
  0x2067: 'right-to-left isolate',
  0x2068: 'first strong isolate',
  0x2069: 'pop directional isolate',
  0xfeff: 'zero-width no-break space',
};

/** The first control or format character in the text, described ("U+202E, right-to-left override"), or null. */
export function unsafeCharacter(value: string): string | null {
  const match = UNSAFE.exec(value);
  if (!match) return null;
  const code = match[0].codePointAt(0)!;
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return NAMES[code]
    ? `${hex}, ${NAMES[code]}`
    : `${hex}, an invisible ${code < 0x20 || (code >= 0x7f && code < 0xa0) ? 'control' : 'formatting'} character`;
}

/**
 * Whether an email address is already in Unicode NFKC form: full-width letters ("ａｌｉｃｅ"),
 * ligatures and other compatibility characters look like plain ones but are different addresses.
 */
export function isNfkcStable(value: string): boolean {
  return value.normalize('NFKC') === value;
}
