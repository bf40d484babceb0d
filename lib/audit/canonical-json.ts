/**
 * JSON with object keys sorted at every depth and no insignificant whitespace, so the same
 * value always serializes to the same bytes, whatever order a database (jsonb sorts keys its
 * own way) or a JavaScript engine gives its keys. Dates become ISO 8601 strings.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(normalize(value));
}

function normalize(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(normalize);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value as Record<string, unknown>)
        .sort()
        .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
        .map((key) => [key, normalize((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}
