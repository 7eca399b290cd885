import { Blocks, Modal } from 'slack-block-builder';
import { escapeFit } from '../../../slack/fit.ts';
import { PASSWORD_BLOCKS, passwordChoiceBlocks } from '../password-choice.blocks.ts';

export const RESET_PASSWORD_VIEW = 'reset_password';
export const RESET_BLOCKS = PASSWORD_BLOCKS;

/** Reset password's third choice besides the link and typing one. */
export const GENERATE_CHOICE = {
  value: 'generate',
  text: 'Generate one, shown once to you',
  description: 'Slack sees it too; they must change it when they sign in.',
};

/**
 * Asks how the new password comes: a link they use to set it (chosen at first), typed here, or
 * generated. `to` says where the link goes: their Slack DM when linked, else their email.
 */
export function resetPasswordModal(input: {
  userId: string;
  version: number;
  fullName: string;
  email?: string;
  slackUserId?: string | null;
}) {
  const to = input.slackUserId
    ? `<@${input.slackUserId}> as a Slack DM (or by email if Slack can't reach them)`
    : input.email
      ? `${escapeFit(input.email, 300)} by email`
      : 'them by Slack DM if they are linked, otherwise by email';
  return Modal({
    title: 'Reset password',
    submit: 'Reset',
    close: 'Cancel',
    callbackId: RESET_PASSWORD_VIEW,
    privateMetaData: JSON.stringify({ id: input.userId, v: input.version }),
  })
    .blocks(
      Blocks.Section({
        text: `A new password for *${escapeFit(input.fullName, 300)}*. A link goes to ${to}; their current password stops working until they set the new one.`,
      }),
      ...passwordChoiceBlocks('How will they get a new password?', [GENERATE_CHOICE]),
    )
    .buildToObject();
}

/** Shows a generated password once. The view is seen only by the admin and is not stored. */
export function generatedPasswordModal(fullName: string, password: string) {
  return Modal({ title: 'New password', close: 'Done' })
    .blocks(
      Blocks.Section({
        text: `The new password of *${escapeFit(fullName, 300)}* is:\n\`${password}\`\nIt is shown only now. Give it to them safely; they must change it when they sign in.`,
      }),
    )
    .buildToObject();
}
