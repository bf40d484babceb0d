'use client';

export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="mx-auto max-w-xl space-y-4" role="alert">
      <h1 className="text-2xl font-semibold">Something went wrong</h1>
      <p className="text-slate-700">
        We could not complete this request. Nothing you submitted was half-saved. Please try again in a moment.
      </p>
      <button
        type="button"
        onClick={reset}
        className="rounded-md bg-blue-700 px-4 py-2 font-medium text-white hover:bg-blue-800"
      >
        Try again
      </button>
    </div>
  );
}
