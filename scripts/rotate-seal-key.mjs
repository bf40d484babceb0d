// npm run keys:rotate: makes a new Ed25519 sealing key.
//  - SIGNING_KEY kept in .env.local (a demo or a single machine): the key there is replaced.
//  - SIGNING_KEY given by the environment (production): nothing is written; the new key is
//    printed for the operator to put in the secret store.
// Either way, restart the portal: at start it records the new key's public half in the key
// ring (table seal_keys) next to the old ones, so every earlier seal still verifies and
// /.well-known/agreement-seal-keys.json lists each key with when it was in use.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';

const file = '.env.local';
const keyIdOf = (privateKey) =>
  createHash('sha256')
    .update(createPublicKey(privateKey).export({ format: 'der', type: 'spki' }))
    .digest('hex')
    .slice(0, 16);
const load = (source) =>
  source.includes('BEGIN')
    ? createPrivateKey(source)
    : createPrivateKey({ key: Buffer.from(source, 'base64'), format: 'der', type: 'pkcs8' });

const { privateKey } = generateKeyPairSync('ed25519');
const encoded = privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
const newId = keyIdOf(privateKey);

const fileText = existsSync(file) ? readFileSync(file, 'utf8') : '';
const fileLine = /^\s*SIGNING_KEY\s*=\s*(.*)$/m.exec(fileText);

if (process.env.SIGNING_KEY && !fileLine) {
  console.log(`SIGNING_KEY comes from the environment (current key ${keyIdOf(load(process.env.SIGNING_KEY))}); nothing was written.`);
  console.log(`Put this new key (id ${newId}) in your secret store as SIGNING_KEY, then restart the portal:\n`);
  console.log(privateKey.export({ format: 'pem', type: 'pkcs8' }).toString());
  process.exit(0);
}

if (process.env.SIGNING_KEY && fileLine) {
  console.warn('Note: SIGNING_KEY is also set in the environment, which wins over .env.local; change it there too.');
}
const oldId = fileLine ? keyIdOf(load(fileLine[1].trim())) : null;
const line = `SIGNING_KEY=${encoded}`;
const comment = `# Ed25519 key that seals signature records (rotated ${new Date().toISOString()}${oldId ? ` from ${oldId}` : ''})`;
const updated = fileLine
  ? fileText.replace(fileLine[0], `${comment}\n${line}`)
  : `${fileText}${fileText && !fileText.endsWith('\n') ? '\n' : ''}${comment}\n${line}\n`;
writeFileSync(file, updated, { mode: 0o600 });
chmodSync(file, 0o600);
console.log(`Sealing key rotated in ${file}: ${oldId ?? '(none)'} → ${newId}.`);
console.log('Restart the portal: it records the new key in the key ring at start. Earlier seals stay verifiable.');
