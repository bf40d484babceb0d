import './cli-env';

import { closeDatabase } from '@/db/client';

/** Runs a command's main, closes the database whatever happens, and exits with its code. */
export function runCli(main: () => Promise<number>): void {
  main()
    .then(async (code) => {
      await closeDatabase();
      process.exit(code);
    })
    .catch(async (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      await closeDatabase();
      process.exit(2);
    });
}
