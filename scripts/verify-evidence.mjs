#!/usr/bin/env node
// An independent verifier of the portal's evidence. It imports nothing of the portal: only
// Node.js's own modules, and the format as docs/evidence-format.md names it (RFC 8785 JSON
// Canonicalization, UTF-8, Ed25519, base64url). Anyone can run it without the portal.
//
//   node scripts/verify-evidence.mjs --keys seal-keys.json signed-agreement.pdf [more.pdf …]
//       Checks the sealed record each PDF carries (attachment sealed-record.json) against the
//       published keys (a saved /.well-known/agreement-seal-keys.json). Prints the record and
//       the PDF's SHA-256, to compare with the portal's /verify or a checkpoint.
//   node scripts/verify-evidence.mjs --keys seal-keys.json --checkpoint checkpoint.json
//       Checks a checkpoint file's seal.
//   node scripts/verify-evidence.mjs --vectors docs/evidence-test-vectors.json
//       Checks the published test vectors: canonical form, SHA-256 and seal of each.
// Exit code 0 when everything checked holds, 1 when something does not, 2 on bad usage.
import { createHash, createPublicKey, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { inflateSync } from 'node:zlib';

/** RFC 8785: members sorted by UTF-16 code units, ECMAScript serialization of strings and numbers. */
export function canonicalize(value) {
  if (value === null || typeof value === 'boolean') return JSON.stringify(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError('RFC 8785 has no NaN or Infinity');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalize).join(',')}]`;
  if (typeof value === 'object') {
    const keys = Object.keys(value).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalize(value[key])}`).join(',')}}`;
  }
  throw new TypeError(`cannot canonicalize a ${typeof value}`);
}

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

function sealIsValid(canonical, seal, spkiBase64) {
  try {
    const key = createPublicKey({ key: Buffer.from(spkiBase64, 'base64'), format: 'der', type: 'spki' });
    return verify(null, Buffer.from(canonical, 'utf8'), key, Buffer.from(seal, 'base64url'));
  } catch {
    return false;
  }
}

/** Every embedded file stream of a PDF (pdf-lib writes them /FlateDecode with a direct /Length). */
function embeddedFiles(pdf) {
  const text = pdf.toString('latin1');
  const files = [];
  let at = 0;
  for (;;) {
    const found = text.indexOf('/Type /EmbeddedFile', at);
    if (found < 0) return files;
    const dictStart = text.lastIndexOf('<<', found);
    const streamAt = text.indexOf('stream', found);
    const dict = text.slice(dictStart, streamAt);
    const length = /\/Length (\d+)(?! \d+ R)/.exec(dict);
    let start = streamAt + 'stream'.length;
    if (text[start] === '\r') start += 1;
    if (text[start] === '\n') start += 1;
    if (length) {
      const raw = pdf.subarray(start, start + Number(length[1]));
      try {
        files.push(dict.includes('/FlateDecode') ? inflateSync(raw) : raw);
      } catch {
        files.push(null);
      }
    }
    at = streamAt;
  }
}

function loadKeys(path) {
  const list = JSON.parse(readFileSync(path, 'utf8'));
  return new Map((list.keys ?? []).map((key) => [key.kid, key]));
}

function checkPdf(path, keys) {
  const pdf = readFileSync(path);
  const records = embeddedFiles(pdf)
    .map((bytes) => {
      try {
        return bytes && JSON.parse(bytes.toString('utf8'));
      } catch {
        return null;
      }
    })
    .filter((value) => value && value.record && typeof value.seal === 'string');
  if (records.length !== 1) return { ok: false, message: `${path}: no sealed record attached (found ${records.length})` };
  const { record, seal, sealKeyId } = records[0];
  const key = keys.get(sealKeyId);
  if (!key) return { ok: false, message: `${path}: sealed with key ${sealKeyId}, which is not in the key list` };
  if (!/^pmlr-agreement-signature\/[12]$/.test(record.format ?? '')) {
    return { ok: false, message: `${path}: unknown record format ${record.format}` };
  }
  if (!sealIsValid(canonicalize(record), seal, key.spki)) {
    return { ok: false, message: `${path}: INVALID: the record attached does not match its seal` };
  }
  // ISO 8601 UTC strings of one form compare as dates.
  const from = Date.parse(key.inUseFrom);
  const until = key.inUseUntil === null ? null : Date.parse(key.inUseUntil);
  const signedAt = Date.parse(record.signedAt);
  const inUse =
    signedAt < from ? `not yet in use (from ${key.inUseFrom})` : until !== null && signedAt >= until ? `retired on ${key.inUseUntil}` : 'in use at the time';
  return {
    ok: true,
    message:
      `${path}: VALID seal by key ${sealKeyId} (${inUse})\n` +
      `  signature ${record.signatureId}, signed at ${record.signedAt} by ${record.typedName} <${record.signerEmail}>\n` +
      `  paper "${record.titleAtSigning}", ${record.proceedingsAtSigning}; agreement version ${record.templateVersion}\n` +
      `  text SHA-256 ${record.textSha256}\n` +
      `  this PDF's SHA-256 ${sha256(pdf)} (the portal's /verify compares it with the one it stored)`,
  };
}

function checkCheckpoint(path, keys) {
  const file = JSON.parse(readFileSync(path, 'utf8'));
  const checkpoint = file.checkpoint;
  const key = checkpoint && keys.get(checkpoint.sealKeyId);
  if (!checkpoint || checkpoint.format !== 'pmlr-evidence-checkpoint/1') return { ok: false, message: `${path}: not a checkpoint` };
  if (!key) return { ok: false, message: `${path}: sealed with key ${checkpoint.sealKeyId}, which is not in the key list` };
  if (!sealIsValid(canonicalize(checkpoint), file.seal, key.spki)) return { ok: false, message: `${path}: INVALID checkpoint seal` };
  return {
    ok: true,
    message:
      `${path}: VALID checkpoint of ${checkpoint.portal} at ${checkpoint.checkpointedAt}: ` +
      `${checkpoint.auditEvents.count} audit events (head ${checkpoint.auditEvents.headHash}), ` +
      `${checkpoint.signatures.count} signatures (running hash ${checkpoint.signatures.runningHash})`,
  };
}

function checkVectors(path) {
  const { vectors } = JSON.parse(readFileSync(path, 'utf8'));
  return vectors.map((vector) => {
    const canonical = canonicalize(vector.object);
    const problems = [];
    if (canonical !== vector.canonical) problems.push('canonical form differs');
    if (sha256(Buffer.from(canonical, 'utf8')) !== vector.sha256) problems.push('SHA-256 differs');
    if (vector.seal && !sealIsValid(canonical, vector.seal, vector.publicKeySpki)) problems.push('seal does not verify');
    return {
      ok: problems.length === 0,
      message: `${vector.name}: ${problems.length === 0 ? 'OK' : `FAILED (${problems.join(', ')})`}`,
    };
  });
}

function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { keys: { type: 'string' }, checkpoint: { type: 'string' }, vectors: { type: 'string' }, help: { type: 'boolean' } },
  });
  const results = [];
  if (values.vectors) results.push(...checkVectors(values.vectors));
  if (positionals.length > 0 || values.checkpoint) {
    if (!values.keys) {
      console.error('--keys seal-keys.json is required (save it from /.well-known/agreement-seal-keys.json)');
      return 2;
    }
    const keys = loadKeys(values.keys);
    for (const path of positionals) results.push(checkPdf(path, keys));
    if (values.checkpoint) results.push(checkCheckpoint(values.checkpoint, keys));
  }
  if (values.help || results.length === 0) {
    console.error('usage: node scripts/verify-evidence.mjs --keys seal-keys.json FILE.pdf … | --checkpoint FILE | --vectors FILE');
    return values.help ? 0 : 2;
  }
  for (const result of results) (result.ok ? console.log : console.error)(result.message);
  return results.every((result) => result.ok) ? 0 : 1;
}

process.exitCode = main();
