// Runs once when a Next.js server starts, before it serves a request: the configuration and
// the database login are checked here, so a misconfigured production server refuses to start
// instead of failing its first signature.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  // `next build` loads this file too; it must not need secrets or a database.
  if (process.env.NEXT_PHASE === 'phase-production-build') return;
  // Each request's socket address, stamped before Next.js reads the request (evidence records it),
  // and bodies larger than their endpoint takes refused unread.
  const { installRequestHooks } = await import('./lib/http/client-address');
  await installRequestHooks();
  const { startPortalOrExit } = await import('./lib/startup/start-portal');
  await startPortalOrExit();
}
