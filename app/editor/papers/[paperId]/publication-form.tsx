'use client';

import { ActionForm } from '@/components/action-form';
import { PublicationFields } from '@/components/publication-fields';

import { setPaperPublicationAction } from './actions';

/** The paper's own publication (when it differs from its volume's), and going back to the volume's. */
export function PaperPublicationForm(props: { paperId: string; publishedOn: string | null; publishedUrl: string | null; hasVolumeDate: boolean }) {
  return (
    <div className="space-y-3">
      <ActionForm action={setPaperPublicationAction} submitLabel="Record this paper’s publication" pendingLabel="Saving…">
        <input type="hidden" name="paperId" value={props.paperId} />
        <PublicationFields
          idPrefix="paper"
          urlLabel="URL of the published paper"
          urlPlaceholder="https://proceedings.mlr.press/v151/turner22a.html"
          publishedOn={props.publishedOn}
          url={props.publishedUrl}
        />
      </ActionForm>
      {props.publishedOn ? (
        <ActionForm
          action={setPaperPublicationAction}
          submitLabel={props.hasVolumeDate ? 'Use the volume’s date instead' : 'Clear this paper’s date'}
          pendingLabel="Saving…"
          variant="quiet"
        >
          <input type="hidden" name="paperId" value={props.paperId} />
          <input type="hidden" name="clear" value="1" />
        </ActionForm>
      ) : null}
    </div>
  );
}
