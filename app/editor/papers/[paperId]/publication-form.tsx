'use client';

import { ActionForm } from '@/components/action-form';
import { TextField } from '@/components/text-field';

import { setPaperPublicationAction } from './actions';

/** The paper's own publication (when it differs from its volume's), and going back to the volume's. */
export function PaperPublicationForm(props: { paperId: string; publishedOn: string | null; publishedUrl: string | null; hasVolumeDate: boolean }) {
  return (
    <div className="space-y-3">
      <ActionForm action={setPaperPublicationAction} submitLabel="Record this paper’s publication" pendingLabel="Saving…">
        <input type="hidden" name="paperId" value={props.paperId} />
        <div className="grid gap-3 sm:grid-cols-[12rem_1fr]">
          <TextField id="paperPublishedOn" name="publishedOn" label="Published on" type="date" required defaultValue={props.publishedOn ?? ''} />
          <TextField
            id="paperPublishedUrl"
            name="url"
            label="URL of the published paper"
            type="url"
            required
            placeholder="https://proceedings.mlr.press/v151/turner22a.html"
            defaultValue={props.publishedUrl ?? ''}
          />
        </div>
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
