import { requireVolumeEditor } from '@/lib/auth/authorization';
import { withCurrentUser } from '@/lib/auth/route-handler';
import { iterateVolumePapers } from '@/lib/editor/query-volume-papers';
import { volumeCsvChunk } from '@/lib/editor/volume-csv';

export const dynamic = 'force-dynamic';

/** A volume's signing status as CSV, streamed a batch of papers at a time. The volume's editors only. */
export const GET = withCurrentUser<{ volume: string }>(async (user, _request, params) => {
  const volume = await requireVolumeEditor(user, Number(params.volume));
  const batches = iterateVolumePapers(volume);
  const encoder = new TextEncoder();
  let isFirst = true;
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await batches.next();
      if (next.done) {
        if (isFirst) controller.enqueue(encoder.encode(volumeCsvChunk([], true)));
        controller.close();
        return;
      }
      controller.enqueue(encoder.encode(volumeCsvChunk(next.value, isFirst)));
      isFirst = false;
    },
    async cancel() {
      await batches.return(undefined);
    },
  });
  const date = new Date().toISOString().slice(0, 10);
  return new Response(stream, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="pmlr-v${volume.number}-agreements-${date}.csv"`,
      'cache-control': 'private, no-store',
    },
  });
});
