/**
 * RFC 8785 JSON Canonicalization Scheme (JCS): object members sorted by their names' UTF-16
 * code units at every depth, no insignificant whitespace, strings and numbers serialized as
 * ECMAScript's JSON.stringify does (so non-ASCII characters appear as themselves, UTF-8 once
 * encoded). The same value always gives the same bytes, whatever order a database (jsonb sorts
 * keys its own way) or an engine gives its keys. Before serializing, Dates become the string
 * "YYYY-MM-DDTHH:MM:SS.sssZ" (UTC, three fractional digits) and undefined members are dropped;
 * a number that JSON cannot carry (NaN, Infinity) is an error, as in RFC 8785.
 */
export function canonicalJson(value: unknown): string {
  return serialize(value);
}

// Written out rather than JSON.stringify over a sorted object: JavaScript puts integer-like
// keys ("9", "10") first in numeric order, which is not RFC 8785's order.
function serialize(value: unknown): string {
  if (value === null) return 'null';
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError('canonical JSON cannot carry NaN or Infinity');
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value))
        return `[${value.map((item) => (item === undefined ? 'null' : serialize(item))).join(',')}]`;
      const record = value as Record<string, unknown>;
      const members = Object.keys(record)
        .filter((key) => record[key] !== undefined)
        .sort()
        .map((key) => `${JSON.stringify(key)}:${serialize(record[key])}`);
      return `{${members.join(',')}}`;
    }
    default:
      throw new TypeError(`canonical JSON cannot carry a ${typeof value}`);
  }
}
