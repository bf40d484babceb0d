/** A labelled text input for the portal's forms: the label above, full width of its cell. */
export function TextField({
  id,
  label,
  className,
  ...input
}: { id: string; label: string } & React.InputHTMLAttributes<HTMLInputElement>) {
  return (
    <div className={className}>
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      <input id={id} {...input} className="mt-1 block w-full rounded-md border border-slate-400 bg-white px-3 py-2" />
    </div>
  );
}
