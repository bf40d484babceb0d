// Runs before `npm run demo` and `npm run dev`: a fresh clone must start without manual steps,
// so the secrets a local portal needs are generated once and kept in .env.local (gitignored,
// readable by its owner only). Values already in the environment always win and are never
// written to disk. Production (`npm start`) does not run this: it must be given its secrets and
// refuses to start without them.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { appendFileSync, chmodSync, existsSync, readFileSync } from 'node:fs';

const file = '.env.local';
const current = existsSync(file) ? readFileSync(file, 'utf8') : '';
const definedInFile = (name) => new RegExp(`^\\s*${name}\\s*=`, 'm').test(current);

const wanted = [
  ['AUTH_SECRET', () => randomBytes(32).toString('base64url'), 'signs session cookies and hashes sign-in tokens'],
  ['AUTH_URL', () => `http://localhost:${process.env.PORT ?? 3000}`, 'the public URL used in sign-in links'],
  [
    'SIGNING_KEY',
    () => generateKeyPairSync('ed25519').privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
    'Ed25519 key that seals signature records; keep it secret (npm run keys:rotate replaces it)',
  ],
];

const lines = [];
for (const [name, make, why] of wanted) {
  if (process.env[name] || definedInFile(name)) continue;
  lines.push(`# ${why} (generated ${new Date().toISOString()})`, `${name}=${make()}`);
  console.log(`ensure-env: wrote ${name} to ${file}`);
}
if (lines.length > 0) {
  appendFileSync(file, `${current && !current.endsWith('\n') ? '\n' : ''}${lines.join('\n')}\n`, { mode: 0o600 });
}
// Secrets: owner only, also for a file made by an older version or by hand.
if (existsSync(file)) chmodSync(file, 0o600);
