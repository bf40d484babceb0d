import { Button } from '@react-email/button';
import { Heading } from '@react-email/heading';
import { Section } from '@react-email/section';
import { Text } from '@react-email/text';

import { EmailLayout, buttonStyle, colors, heading, paragraph, small } from './email-layout';

export type ReceiptEmailProps = {
  publisher: string;
  title: string;
  facts: { label: string; value: string }[];
  notes: string[];
  paperUrl: string;
};

/** The signer's receipt: the facts of the record; the sealed PDF is attached. */
export function ReceiptEmail(props: ReceiptEmailProps) {
  return (
    <EmailLayout
      publisher={props.publisher}
      preview={`Signed: ${props.title}`}
      footer="Keep this email as your receipt. If you did not sign this agreement, reply to this email at once."
    >
      <Heading as="h1" style={heading}>
        You signed the publication agreement
      </Heading>
      <Text style={paragraph}>
        for <strong>{props.title}</strong>. The signed agreement is attached as a PDF, sealed by the portal.
      </Text>
      <Section style={{ backgroundColor: colors.panel, borderRadius: '6px', padding: '12px 16px', margin: '0 0 16px' }}>
        {props.facts.map((fact) => (
          <Text
            key={fact.label}
            style={{ fontSize: '14px', lineHeight: '20px', margin: '4px 0', wordBreak: 'break-all' }}
          >
            <span style={{ color: colors.muted }}>{fact.label}: </span>
            {fact.value}
          </Text>
        ))}
      </Section>
      {props.notes.map((note) => (
        <Text key={note} style={small}>
          {note}
        </Text>
      ))}
      <Button href={props.paperUrl} style={buttonStyle}>
        Read exactly what you signed
      </Button>
    </EmailLayout>
  );
}
