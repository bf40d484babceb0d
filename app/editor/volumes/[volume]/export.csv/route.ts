import { getCurrentUser } from '@/lib/auth/current-user';
import { isEditor } from '@/lib/auth/roles';
import { getVolumeForEditor, iterateVolumePapers } from '@/lib/editor/query-volume-papers';
import { volumeCsvChunk } from '@/lib/editor/volume-csv';

export const dynamic = 'force-dynamic';

/** A volume's signing status as CSV, streamed a batch of papers at a time. Editors only. */
export async function GET(_request: Request, props: { params: Promise<{ volume: string }> }) {
  const user = await getCurrentUser();
  if (!user) return new Response('Please sign in.', { status: 401 });
  if (!isEditor(user)) return new Response('Not found.', { status: 404 });
  const { volume: volumeParam } = await props.params;
  const volume = await getVolumeForEditor(user, Number(volumeParam));
  if (!volume) return new Response('Not found.', { status: 404 });

  const batches = iterateVolumePapers(user, volume);
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
}
