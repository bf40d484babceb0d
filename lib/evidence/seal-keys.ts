/** The stable URL of the portal's public sealing keys. */
export const SEAL_KEYS_PATH = '/.well-known/agreement-seal-keys.json';
