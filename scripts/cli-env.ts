// Imported first by every command: the same environment `next start` sees, .env.local
// included (values already in the environment win), before anything reads process.env.
import nextEnv from '@next/env';

nextEnv.loadEnvConfig(process.cwd(), false, { info: () => {}, error: console.error });
