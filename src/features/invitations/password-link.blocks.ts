import { Blocks, Elements, Message } from 'slack-block-builder';
import type { PasswordLinkMessage } from './password-link-delivery.ts';
import { slackDate } from '../../slack/mrkdwn.ts';
import { escapeFit } from '../../slack/fit.ts';

/** The set-password DM's button: it opens the page; its click is only acknowledged. */
export const PASSWORD_LINK_ACTION = 'password_link_open';

/** The DM with a button to the page where the user sets their password (never typed in Slack). */
export function passwordLinkDirectMessage(message: PasswordLinkMessage, publicUrl: string) {
  // Values are kept short enough for the section (3000 characters).
  const text = `${escapeFit(message.sentBy, 400)} sent you a link to set your Switchboard password (${escapeFit(message.to, 260)}, ${escapeFit(message.company, 1000)}).`;
  return {
    text: `${text} It works once.`,
    blocks: Message()
      .blocks(
        Blocks.Section({ text: `:key: ${text}` }),
        Blocks.Actions().elements(
          Elements.Button({
            text: 'Set my password',
            actionId: PASSWORD_LINK_ACTION,
            url: `${publicUrl}/invites/${message.token}`,
          }).primary(),
        ),
        Blocks.Context().elements(
          `You type your password on Switchboard's page, not in Slack. The link works once and expires ${slackDate(message.expiresAt)}.`,
        ),
      )
      .getBlocks(),
  };
}
