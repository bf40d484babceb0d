'use client';

/** The primary button of a form, saying what it is doing while its action runs. */
export function SubmitButton({
  isPending,
  pendingLabel,
  children,
  size = 'normal',
}: {
  isPending: boolean;
  pendingLabel: string;
  children: React.ReactNode;
  size?: 'normal' | 'large';
}) {
  return (
    <button
      type="submit"
      disabled={isPending}
      className={`rounded-md bg-blue-700 font-medium text-white hover:bg-blue-800 disabled:opacity-60 ${
        size === 'large' ? 'px-6 py-3 text-lg' : 'px-4 py-2'
      }`}
    >
      {isPending ? pendingLabel : children}
    </button>
  );
}
