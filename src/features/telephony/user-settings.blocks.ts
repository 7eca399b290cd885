import { Bits, Blocks, Elements, Modal } from 'slack-block-builder';
import type { UserSettings } from './user-settings.ts';
import type { CallListPrivacy } from './user-settings.rules.ts';
import { escapeMrkdwn } from '../../slack/mrkdwn.ts';
import { VALUE } from '../../slack/modals.blocks.ts';

export const USER_SETTINGS_VIEW = 'user_settings';
export const SETTINGS_BLOCKS = { options: 'options', callList: 'callList' } as const;

const CALL_LIST = [
  { value: 'complete', text: 'Complete', description: 'Numbers shown in full.' },
  { value: 'shortened', text: 'Shortened', description: 'The last digits hidden.' },
  { value: 'none', text: 'Do not save', description: 'No itemized call list is kept.' },
] as const satisfies readonly { value: CallListPrivacy; text: string; description: string }[];

/** sipgate's user settings: Web-SMS, the itemized call list, the newsletter. */
export function userSettingsModal(input: { userId: string; fullName: string; settings: UserSettings }) {
  const options = [
    Bits.Option({ text: 'Web-SMS', value: 'webSms', description: 'Send text messages from the web.' }),
    Bits.Option({ text: 'Newsletter', value: 'newsletter', description: 'Receive the newsletter.' }),
  ];
  const checked = options.filter((_, index) => (index === 0 ? input.settings.webSms : input.settings.newsletter));
  const boxes = Elements.Checkboxes({ actionId: VALUE }).options(options);
  if (checked.length) boxes.initialOptions(checked);
  const callList = CALL_LIST.map((choice) => Bits.Option(choice));
  return Modal({
    title: 'Settings',
    submit: 'Save',
    close: 'Cancel',
    callbackId: USER_SETTINGS_VIEW,
    privateMetaData: input.userId,
  })
    .blocks(
      Blocks.Section({ text: `Settings of *${escapeMrkdwn(input.fullName)}*` }),
      Blocks.Input({ label: 'Options', blockId: SETTINGS_BLOCKS.options }).optional(true).element(boxes),
      Blocks.Input({ label: 'Itemized call list', blockId: SETTINGS_BLOCKS.callList }).element(
        Elements.RadioButtons({ actionId: VALUE })
          .options(callList)
          .initialOption(callList[CALL_LIST.findIndex((choice) => choice.value === input.settings.callList)]!),
      ),
    )
    .buildToObject();
}
