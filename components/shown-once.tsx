'use client';

/** A secret the portal shows once (an API token, a webhook secret), ready to copy, with how to use it. */
export function ShownOnce({ id, label, value, children }: { id: string; label: string; value: string; children: React.ReactNode }) {
  return (
    <div className="space-y-2 rounded-md border border-emerald-300 bg-emerald-50 p-3">
      <label htmlFor={id} className="block text-sm font-medium text-emerald-950">
        {label}
      </label>
      <input
        id={id}
        readOnly
        value={value}
        onFocus={(event) => event.currentTarget.select()}
        className="block w-full rounded-md border border-slate-400 bg-white px-3 py-2 font-mono text-sm"
      />
      <p className="text-sm text-emerald-950">{children}</p>
    </div>
  );
}
