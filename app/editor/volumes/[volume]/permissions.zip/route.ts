import { Readable } from 'node:stream';

import { getRequestContext } from '@/lib/auth/request-context';
import { withCurrentUser } from '@/lib/auth/route-handler';
import { getPermissionsPlan, permissionsZipStream, recordPermissionsDownload } from '@/lib/permissions/permissions-folder';

export const dynamic = 'force-dynamic';

/**
 * The volume's permissions folder for PMLR (v{N}permissions.zip, or …-incomplete.zip while papers
 * still await a signature), streamed. The volume's editors only; every download is an audit event.
 */
export const GET = withCurrentUser<{ volume: string }>(async (user, _request, params) => {
  const plan = await getPermissionsPlan(user, Number(params.volume));
  await recordPermissionsDownload(plan, { user, context: await getRequestContext(), via: 'editor' });
  return new Response(Readable.toWeb(permissionsZipStream(plan)) as ReadableStream<Uint8Array>, {
    headers: {
      'content-type': 'application/zip',
      'content-disposition': `attachment; filename="${plan.filename}"`,
      'cache-control': 'private, no-store',
    },
  });
});
