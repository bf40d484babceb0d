import { Button } from '@react-email/button';
import { Heading } from '@react-email/heading';
import { Link } from '@react-email/link';
import { Section } from '@react-email/section';
import { Text } from '@react-email/text';

import { EmailLayout, buttonStyle, link, colors, heading, paragraph, small } from './email-layout';

export type InvitationPaper = { key: string; title: string };

export type InvitationEmailProps = {
  publisher: string;
  kind: 'invitation' | 'reminder';
  recipientName: string | null;
  proceedings: string;
  papers: InvitationPaper[];
  /** "15 January 2027", or null when the volume has no deadline. */
  deadline: string | null;
  /** One click to the paper (or the list of papers): signs in on Continue. */
  url: string;
  /** When the link stops working ("15 January 2027" or "in 30 days"). */
  linkValidUntil: string;
  portalUrl: string;
};

/** The invitation to sign, and the reminders that follow it: the same facts, a different opening. */
export function InvitationEmail(props: InvitationEmailProps) {
  const { papers } = props;
  const one = papers.length === 1;
  const what = one ? 'your paper' : `your ${papers.length} papers`;
  const title =
    props.kind === 'invitation'
      ? `Please sign the publication agreement for ${what}`
      : `Reminder: ${what} still await${one ? 's' : ''} your signature`;
  return (
    <EmailLayout
      publisher={props.publisher}
      preview={props.deadline ? `${title}, by ${props.deadline}` : title}
      footer={
        <>
          You receive this as the corresponding author of {one ? 'a paper' : 'papers'} accepted for {props.proceedings}.
          The link signs in only {props.recipientName ? 'you' : 'this address'}, works once and ends{' '}
          {props.linkValidUntil}; after that, sign in at <Link href={props.portalUrl} style={link}>{props.portalUrl}</Link> with this
          address.
        </>
      }
    >
      <Heading as="h1" style={heading}>
        {title}
      </Heading>
      <Text style={paragraph}>{props.recipientName ? `Dear ${props.recipientName},` : 'Dear author,'}</Text>
      <Text style={paragraph}>
        {props.kind === 'invitation'
          ? `Congratulations on your acceptance to ${props.proceedings}. Before ${one ? 'it' : 'they'} can be published, the corresponding author signs ${props.publisher}'s publication agreement (a Creative Commons CC BY 4.0 licence). It takes about two minutes per paper.`
          : `The publication agreement for ${what} in ${props.proceedings} has not been signed yet. Publication cannot go ahead without it.`}
      </Text>
      <Section style={{ backgroundColor: colors.panel, borderRadius: '6px', padding: '12px 16px', margin: '0 0 16px' }}>
        {papers.map((paper) => (
          <Text key={paper.key} style={{ fontSize: '16px', lineHeight: '22px', margin: '4px 0' }}>
            <strong>{paper.title}</strong>
            <br />
            <span style={{ fontSize: '13px', color: colors.muted }}>{`Paper ${paper.key}`}</span>
          </Text>
        ))}
      </Section>
      {props.deadline ? (
        <Text style={{ ...paragraph, fontWeight: 600 }}>{`Please sign by ${props.deadline}.`}</Text>
      ) : null}
      <Button href={props.url} style={buttonStyle}>
        {one ? 'Read and sign the agreement' : 'Read and sign the agreements'}
      </Button>
      <Text style={{ ...small, marginTop: '20px' }}>
        If the button does not work, paste this address into your browser:
        <br />
        <Link href={props.url} style={link}>
          {props.url}
        </Link>
      </Text>
    </EmailLayout>
  );
}
