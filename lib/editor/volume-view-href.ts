import type { VolumeView } from './query-volume-papers';

const defaults: VolumeView = { q: '', status: 'all', sort: 'paperKey', dir: 'asc', page: 1 };

/** The URL of a view of a volume's table, leaving out what is default, so links stay short. */
export function volumeViewHref(volumeNumber: number, view: VolumeView, changes: Partial<VolumeView> = {}): string {
  const next = { ...view, ...changes };
  const params = new URLSearchParams();
  for (const key of ['q', 'status', 'sort', 'dir', 'page'] as const) {
    if (next[key] !== defaults[key]) params.set(key, String(next[key]));
  }
  const query = params.toString();
  return `/editor/volumes/${volumeNumber}${query ? `?${query}` : ''}`;
}
