import { Bits, Blocks, Elements } from 'slack-block-builder';
import { VALUE } from '../../slack/modals.blocks.ts';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, type PasswordChoice } from '../../core/users.rules.ts';

/** The block ids of a form's password choice and its two password inputs. */
export const PASSWORD_BLOCKS = {
  passwordChoice: 'passwordChoice',
  password: 'password',
  passwordConfirmation: 'passwordConfirmation',
} as const;

/** Slack shows what is typed in a modal and carries it through its servers: the form says so. */
export const SLACK_SEES_IT = 'Slack sees what you type';

const CHOICES: Record<PasswordChoice, { text: string; description: string }> = {
  link: {
    text: 'Send them a link (recommended)',
    description: 'A Slack DM, or an email: they choose it on our page, not in Slack.',
  },
  type: {
    text: `Type one now — ${SLACK_SEES_IT}`,
    description: 'Slack can’t hide it, and the text passes through Slack.',
  },
};

/**
 * "How will they get a password?": a link (chosen at first) or typed here; `more` adds choices
 * (Reset password's "Generate one"). Then the password twice, used only when "Type one now" is
 * chosen (the server refuses a typed password with "link" chosen, so none is dropped unseen).
 */
export function passwordChoiceBlocks(label: string, more: { value: string; text: string; description: string }[] = []) {
  const options = [
    ...(['link', 'type'] as const).map((value) => Bits.Option({ value, ...CHOICES[value] })),
    ...more.map((choice) => Bits.Option(choice)),
  ];
  const radio = Elements.RadioButtons({ actionId: VALUE }).options(options).initialOption(options[0]!);
  return [
    Blocks.Input({ label, blockId: PASSWORD_BLOCKS.passwordChoice }).element(radio),
    Blocks.Input({ label: 'Password, if you type one', blockId: PASSWORD_BLOCKS.password })
      .optional(true)
      .hint(`At least ${MIN_PASSWORD_LENGTH} characters. ${SLACK_SEES_IT}; it is stored hashed.`)
      .element(Elements.TextInput({ actionId: VALUE, maxLength: MAX_PASSWORD_LENGTH })),
    Blocks.Input({ label: 'Password again', blockId: PASSWORD_BLOCKS.passwordConfirmation })
      .optional(true)
      .element(Elements.TextInput({ actionId: VALUE, maxLength: MAX_PASSWORD_LENGTH })),
  ];
}
