/**
 * A same-site path to return to after sign-in; anything else becomes "/". The value is parsed as
 * a browser would parse it against this site (which drops tabs and newlines and reads "\" as "/",
 * so "/\t/evil.example" would be "//evil.example"), and must stay on this site; control
 * characters and backslashes are refused outright.
 */
export function safeReturnPath(value: string | null | undefined): string {
  if (!value || !value.startsWith('/') || value.length > 2000) return '/';
  if (/[\u0000-\u001f\u007f\\]/.test(value)) return '/';
  const origin = 'https://portal.invalid';
  let url: URL;
  try {
    url = new URL(value, origin);
  } catch {
    return '/';
  }
  if (url.origin !== origin || url.username || url.password) return '/';
  return `${url.pathname}${url.search}${url.hash}`;
}
