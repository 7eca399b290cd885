import { Bits, Blocks, Elements, Modal } from 'slack-block-builder';
import { escapeMrkdwn } from '../../../slack/mrkdwn.ts';
import { VALUE } from '../../../slack/modals.blocks.ts';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../../../core/users.rules.ts';

export const RESET_PASSWORD_VIEW = 'reset_password';
export const RESET_BLOCKS = {
  password: 'password',
  passwordConfirmation: 'passwordConfirmation',
  generate: 'generate',
} as const;

/** Asks for a new password typed twice, or to generate one. */
export function resetPasswordModal(input: { userId: string; version: number; fullName: string }) {
  return Modal({
    title: 'Reset password',
    submit: 'Reset',
    close: 'Cancel',
    callbackId: RESET_PASSWORD_VIEW,
    privateMetaData: JSON.stringify({ id: input.userId, v: input.version }),
  })
    .blocks(
      Blocks.Section({ text: `A new password for *${escapeMrkdwn(input.fullName)}*.` }),
      Blocks.Input({ label: 'New password', blockId: RESET_BLOCKS.password })
        .optional(true)
        .hint(`At least ${MIN_PASSWORD_LENGTH} characters. Stored hashed; never shown again.`)
        .element(Elements.TextInput({ actionId: VALUE, maxLength: MAX_PASSWORD_LENGTH })),
      Blocks.Input({ label: 'Confirm new password', blockId: RESET_BLOCKS.passwordConfirmation })
        .optional(true)
        .element(Elements.TextInput({ actionId: VALUE, maxLength: MAX_PASSWORD_LENGTH })),
      Blocks.Input({ label: 'Or', blockId: RESET_BLOCKS.generate })
        .optional(true)
        .element(
          Elements.Checkboxes({ actionId: VALUE }).options(
            Bits.Option({
              text: 'Generate a password',
              value: 'generate',
              description: 'Shown once, only to you; they must change it when they sign in.',
            }),
          ),
        ),
    )
    .buildToObject();
}

/** Shows a generated password once. The view is seen only by the admin and is not stored. */
export function generatedPasswordModal(fullName: string, password: string) {
  return Modal({ title: 'New password', close: 'Done' })
    .blocks(
      Blocks.Section({
        text: `The new password of *${escapeMrkdwn(fullName)}* is:\n\`${password}\`\nIt is shown only now. Give it to them safely; they must change it when they sign in.`,
      }),
    )
    .buildToObject();
}
