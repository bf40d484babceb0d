import { Body } from '@react-email/body';
import { Container } from '@react-email/container';
import { Head } from '@react-email/head';
import { Hr } from '@react-email/hr';
import { Html } from '@react-email/html';
import { Preview } from '@react-email/preview';
import { Section } from '@react-email/section';
import { Text } from '@react-email/text';
import type { ReactNode } from 'react';

// One look for every message the portal sends: a single 560-px column that becomes the
// phone's width, system fonts at 16 px, dark text on white, and the publisher's name on top.
// Inline styles, because many mail clients drop <style>.

export const colors = { text: '#0f172a', muted: '#475569', accent: '#1d4ed8', border: '#cbd5e1', panel: '#f1f5f9' };

const fontFamily = '-apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, Helvetica, Arial, sans-serif';

export function EmailLayout(props: { publisher: string; preview: string; children: ReactNode; footer?: ReactNode }) {
  return (
    <Html lang="en">
      <Head />
      <Preview>{props.preview}</Preview>
      <Body style={{ backgroundColor: '#ffffff', color: colors.text, fontFamily, margin: 0, padding: '16px 0' }}>
        <Container style={{ maxWidth: '560px', width: '100%', padding: '0 16px' }}>
          <Text
            style={{
              fontSize: '14px',
              fontWeight: 600,
              color: colors.muted,
              margin: '0 0 8px',
              letterSpacing: '0.02em',
            }}
          >
            {props.publisher} · Publication agreements
          </Text>
          <Section>{props.children}</Section>
          <Hr style={{ borderColor: colors.border, margin: '24px 0 12px' }} />
          <Text style={{ fontSize: '13px', lineHeight: '20px', color: colors.muted, margin: 0 }}>
            {props.footer ?? `Sent by the ${props.publisher} publication agreement portal.`}
          </Text>
        </Container>
      </Body>
    </Html>
  );
}

export const paragraph = { fontSize: '16px', lineHeight: '24px', margin: '0 0 16px' } as const;
export const heading = { fontSize: '22px', lineHeight: '28px', fontWeight: 700, margin: '0 0 16px' } as const;
export const buttonStyle = {
  backgroundColor: colors.accent,
  color: '#ffffff',
  borderRadius: '6px',
  fontSize: '16px',
  fontWeight: 600,
  padding: '12px 20px',
  textDecoration: 'none',
  display: 'inline-block',
} as const;
/** Links in text: the accent colour (7:1 on white) and underlined, as on the portal's pages. */
export const link = { color: colors.accent, textDecoration: 'underline', wordBreak: 'break-all' } as const;

export const small = { fontSize: '14px', lineHeight: '21px', color: colors.muted, margin: '0 0 12px' } as const;
