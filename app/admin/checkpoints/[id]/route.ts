import { withCurrentUser } from '@/lib/auth/route-handler';
import { checkpointFileForAdmin } from '@/lib/evidence/checkpoint';

export const dynamic = 'force-dynamic';

/** A checkpoint as the file to keep (and to give `npm run audit:verify -- --checkpoint`). Admins only. */
export const GET = withCurrentUser<{ id: string }>(async (user, _request, params) => {
  const { filename, file } = await checkpointFileForAdmin(user, /^[0-9]{1,15}$/.test(params.id) ? Number(params.id) : 0);
  return new Response(`${JSON.stringify(file, null, 2)}\n`, {
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'content-disposition': `attachment; filename="${filename}"`,
      'cache-control': 'private, no-store',
    },
  });
});
