import { TextField } from './text-field';

/** The date and URL of a publication, as the volume and paper forms ask for them. */
export function PublicationFields(props: {
  idPrefix: string;
  urlLabel: string;
  urlPlaceholder: string;
  publishedOn: string | null;
  url: string | null;
}) {
  return (
    <div className="grid gap-3 sm:grid-cols-[12rem_1fr]">
      <TextField id={`${props.idPrefix}PublishedOn`} name="publishedOn" label="Published on" type="date" required defaultValue={props.publishedOn ?? ''} />
      <TextField
        id={`${props.idPrefix}Url`}
        name="url"
        label={props.urlLabel}
        type="url"
        required
        placeholder={props.urlPlaceholder}
        defaultValue={props.url ?? ''}
      />
    </div>
  );
}
