import Link from 'next/link';

export default function NotFound() {
  return (
    <div className="mx-auto max-w-xl space-y-4">
      <h1 className="text-2xl font-semibold">Page not found</h1>
      <p className="text-slate-700">
        This page does not exist, or you do not have access to it with the address you signed in with.
      </p>
      <p>
        <Link href="/">Go to the start page</Link>
      </p>
    </div>
  );
}
