import { Button } from '@react-email/button';
import { Heading } from '@react-email/heading';
import { Link } from '@react-email/link';
import { Text } from '@react-email/text';

import { EmailLayout, buttonStyle, link, heading, paragraph, small } from './email-layout';

export type SignInEmailProps = { publisher: string; url: string; minutes: number };

export function SignInEmail({ publisher, url, minutes }: SignInEmailProps) {
  return (
    <EmailLayout
      publisher={publisher}
      preview={`Your sign-in link (valid ${minutes} minutes)`}
      footer="If you did not ask to sign in, you can ignore this email: nobody can sign in without the link."
    >
      <Heading as="h1" style={heading}>
        {`Sign in to ${publisher} agreements`}
      </Heading>
      <Text style={paragraph}>Press the button, then Continue on the page that opens.</Text>
      <Button href={url} style={buttonStyle}>
        Sign in
      </Button>
      <Text style={{ ...small, marginTop: '20px' }}>
        The link works once and expires in {minutes} minutes. If the button does not work, paste this address into your
        browser:
        <br />
        <Link href={url} style={link}>
          {url}
        </Link>
      </Text>
    </EmailLayout>
  );
}
