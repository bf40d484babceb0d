import { expect } from 'vitest';

/** Drizzle wraps driver errors as "Failed query: …"; the database's own message is the cause. */
export async function expectDbError(promise: Promise<unknown>, message: RegExp): Promise<void> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error, 'the statement should have been rejected').toBeInstanceOf(Error);
  const cause = (error as Error & { cause?: unknown }).cause;
  const text = `${(error as Error).message} ${cause instanceof Error ? cause.message : ''}`;
  expect(text).toMatch(message);
}
