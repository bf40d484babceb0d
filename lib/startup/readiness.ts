import 'server-only';

import { getDatabase } from '@/db/client';
import { latestAgreementVersion } from '@/lib/agreements/find-agreement-version';

export type Readiness =
  | { status: 'ok'; database: 'pglite' | 'postgres'; agreementVersion: number }
  | { status: 'unavailable'; database: 'unreachable' | 'pglite' | 'postgres'; reason: string };

/**
 * Ready to serve authors: the database answers and an agreement is published. (The server
 * only starts serving once its start-up checks passed: instrumentation.ts.)
 */
export async function checkReadiness(): Promise<Readiness> {
  let handle;
  try {
    handle = await getDatabase();
  } catch (error) {
    console.error('health check failed:', error instanceof Error ? error.message : error);
    return { status: 'unavailable', database: 'unreachable', reason: 'the database cannot be reached' };
  }
  try {
    const latest = await latestAgreementVersion(handle.db);
    if (!latest) return { status: 'unavailable', database: handle.driver, reason: 'no agreement version is published' };
    return { status: 'ok', database: handle.driver, agreementVersion: latest.version };
  } catch (error) {
    console.error('health check failed:', error instanceof Error ? error.message : error);
    return { status: 'unavailable', database: 'unreachable', reason: 'the database cannot be reached' };
  }
}
