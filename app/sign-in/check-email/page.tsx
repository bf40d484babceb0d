import type { Metadata } from 'next';
import Link from 'next/link';

export const metadata: Metadata = { title: 'Check your email' };

export default async function CheckEmailPage(props: { searchParams: Promise<{ email?: string }> }) {
  const { email } = await props.searchParams;
  return (
    <div className="mx-auto max-w-md space-y-4" role="status">
      <h1 className="text-2xl font-semibold">Check your email</h1>
      <p className="text-slate-700">
        If {email ? <strong className="break-all">{email}</strong> : 'that address'} belongs to a corresponding
        author or an editor, a sign-in link is on its way. It works once and expires in 10 minutes.
      </p>
      <p className="text-sm text-slate-600">
        Nothing arrived after a few minutes? Check your spam folder, or make sure you used the address the editors
        have for you. <Link href="/sign-in">Try another address</Link>.
      </p>
    </div>
  );
}
