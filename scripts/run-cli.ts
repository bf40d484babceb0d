import './cli-env';

import { readFile } from 'node:fs/promises';

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

/** A command's input file, or null after saying why it cannot be read. */
export async function readInputFile(file: string): Promise<Buffer | null> {
  try {
    return await readFile(file);
  } catch (error) {
    console.error(`Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    return null;
  }
}
