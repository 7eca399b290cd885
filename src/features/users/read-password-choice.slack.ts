import type { ViewOutput } from '@slack/bolt';
import { VALUE } from '../../slack/modals.blocks.ts';
import { PASSWORD_BLOCKS as B } from './password-choice.blocks.ts';

/**
 * Reads a form's password choice (its option's value, '' when none is chosen) and the password
 * typed twice. Callers read anything but "type" (or their own extra choices) as "link", which
 * refuses a typed password: one is never dropped unseen.
 */
export function readPasswordChoice(view: ViewOutput): {
  choice: string;
  password: string;
  passwordConfirmation: string;
} {
  const values = view.state.values;
  const text = (block: string) => values[block]?.[VALUE]?.value ?? '';
  return {
    choice: values[B.passwordChoice]?.[VALUE]?.selected_option?.value ?? '',
    password: text(B.password),
    passwordConfirmation: text(B.passwordConfirmation),
  };
}
