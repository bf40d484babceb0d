import type { Metadata } from 'next';
import Link from 'next/link';

export const metadata: Metadata = { title: 'Sign-in problem' };

const messages: Record<string, { title: string; body: string }> = {
  Verification: {
    title: 'This sign-in link has expired or was already used',
    body: 'Each link works once and only for 10 minutes. Ask for a new one and use the most recent email.',
  },
  AccessDenied: {
    title: 'You cannot sign in with this address',
    body: 'Use the address the proceedings editors have for you as corresponding author.',
  },
};

const fallback = {
  title: 'We could not sign you in',
  body: 'Something went wrong while signing you in. Please ask for a new link.',
};

export default async function SignInErrorPage(props: { searchParams: Promise<{ error?: string }> }) {
  const { error } = await props.searchParams;
  const { title, body } = (error && messages[error]) || fallback;
  return (
    <div className="mx-auto max-w-md space-y-4" role="alert">
      <h1 className="text-2xl font-semibold">{title}</h1>
      <p className="text-slate-700">{body}</p>
      <p>
        <Link
          href="/sign-in"
          className="inline-block rounded-md bg-blue-700 px-5 py-2.5 font-medium text-white no-underline hover:bg-blue-800 hover:no-underline"
        >
          Get a new sign-in link
        </Link>
      </p>
    </div>
  );
}
