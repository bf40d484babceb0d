import { z } from 'zod';

import { unsafeCharacter } from '@/lib/text/unsafe-characters';

export const MAX_TYPED_NAME_LENGTH = 200;

/** The name a signer types as their signature: trimmed, inner spaces collapsed, NFC. */
export const typedNameSchema = z
  .string({ error: 'Type your full name to sign.' })
  .transform((value) => value.normalize('NFC').replace(/\s+/g, ' ').trim())
  .pipe(
    z
      .string()
      .min(1, 'Type your full name to sign.')
      .max(MAX_TYPED_NAME_LENGTH, `Your name can be at most ${MAX_TYPED_NAME_LENGTH} characters.`)
      .superRefine((value, context) => {
        const unsafe = unsafeCharacter(value);
        if (unsafe) {
          context.addIssue({
            code: 'custom',
            message: `Your name contains an invisible character (${unsafe}) that would change how it reads. Please type it again without it.`,
          });
        }
      }),
  );

/** Same person's name, ignoring case and spacing (accents do count). */
export function namesMatch(typed: string, onRecord: string): boolean {
  const simplify = (name: string) => name.normalize('NFC').replace(/\s+/g, ' ').trim().toLocaleLowerCase('en');
  return simplify(typed) === simplify(onRecord);
}
