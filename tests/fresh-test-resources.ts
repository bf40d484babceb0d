import { generateKeyPairSync, randomBytes } from 'node:crypto';
import postgres from 'postgres';

/** A new Ed25519 sealing key, as scripts/ensure-env.mjs makes on a fresh install. */
export function freshSigningKey(): string {
  return generateKeyPairSync('ed25519').privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
}

/**
 * Creates an empty database next to the one `serverUrl` names, so no test ever sees another
 * run's rows. Returns its URL and a function that drops it.
 */
export async function createFreshPostgresDatabase(
  serverUrl: string,
  purpose: string,
  name = `portal_${purpose}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`,
): Promise<{ url: string; name: string; drop: () => Promise<void> }> {
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: async () => {
      const dropper = postgres(serverUrl, { max: 1, onnotice: () => {} });
      try {
        await dropper.unsafe(`drop database if exists "${name}" with (force)`);
      } finally {
        await dropper.end();
      }
    },
  };
}
