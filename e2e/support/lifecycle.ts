import type { ChildProcess } from 'node:child_process';

/**
 * Ties a test server's life to the portal's: when Playwright stops this process (SIGTERM) or
 * the portal exits, the portal is stopped and each cleanup runs in order (mail sink, proxy,
 * database), then this process exits.
 */
export function stopTogether(server: ChildProcess, cleanups: (() => Promise<unknown>)[]): void {
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    server.kill('SIGTERM');
    for (const cleanup of cleanups) await cleanup().catch(() => {});
    process.exit(code);
  };
  server.on('exit', (code) => void stop(code ?? 1));
  process.on('SIGTERM', () => void stop(0));
  process.on('SIGINT', () => void stop(0));
}
