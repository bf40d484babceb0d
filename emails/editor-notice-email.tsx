import { Button } from '@react-email/button';
import { Heading } from '@react-email/heading';
import { Text } from '@react-email/text';

import { EmailLayout, buttonStyle, heading, paragraph } from './email-layout';

export type EditorNoticeEmailProps = {
  publisher: string;
  title: string;
  lines: string[];
  url: string;
  action: string;
  /** Why the recipient gets it (the footer); by default, as an editor of the volume. */
  footer?: string;
};

/** A notice to a volume's editors (e.g. every paper is now signed) or to the admins (an evidence checkpoint). */
export function EditorNoticeEmail(props: EditorNoticeEmailProps) {
  return (
    <EmailLayout
      publisher={props.publisher}
      preview={props.title}
      footer={props.footer ?? 'You receive this as an editor of the volume in the publication agreement portal.'}
    >
      <Heading as="h1" style={heading}>
        {props.title}
      </Heading>
      {props.lines.map((line) => (
        <Text key={line} style={paragraph}>
          {line}
        </Text>
      ))}
      <Button href={props.url} style={buttonStyle}>
        {props.action}
      </Button>
    </EmailLayout>
  );
}
