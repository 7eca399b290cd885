import type { BlockAction, ButtonAction } from '@slack/bolt';
import type { Listeners } from '../../slack/listeners.ts';
import { personName } from '../../core/users.rules.ts';
import { z } from 'zod';
import { CommandTextError } from '../../slack/command-text.rules.ts';
import { addDevice, assignDevice, DeviceFeeConfirmationNeeded, listDevices, unassignDevice } from './devices.ts';
import { DEVICE_KINDS } from './devices.rules.ts';
import { actorOf } from '../../slack/actor.ts';
import type { SlackDeps } from '../../slack/deps.ts';
import { escapeMrkdwn } from '../../slack/mrkdwn.ts';
import {
  DEVICE_FEE_CONFIRM_ACTION,
  DEVICES_PAGE_ACTION,
  deviceFeeQuestion,
  devicesMessage,
} from './telephony.blocks.ts';
import { registerPageButtons } from './list-pages.slack.ts';
import { answerTextCommand } from '../../slack/answer-command.ts';
import { answerClick } from '../../slack/answer-click.ts';
import { readPayload } from '../../slack/metadata.ts';
import { plural } from '../../core/words.rules.ts';

export const COMMAND = '/devices';
export { DEVICE_FEE_CONFIRM_ACTION };
const USAGE = [
  'Usage:',
  '`/devices [company]` — the devices of your companies and who has each',
  '`/devices add voip <MAC> ["model"] [ports] [company:"…"]` · `/devices add mobile|external <number> [company:"…"]`',
  '`/devices assign <email> <MAC | number>` — give a user an unassigned device (a third or later one costs a monthly fee; you confirm it first)',
  '`/devices unassign <MAC | number>` — take a device back',
].join('\n');
const feeRequest = z.object({ email: z.string(), device: z.string() });

/** `/devices`: VoIP phones, mobiles and external phones; add, assign (with the fee), unassign. */
export function register(app: Listeners, { db, settings }: SlackDeps): void {
  app.command(COMMAND, (request) =>
    answerTextCommand(request, USAGE, async (args, actor) => {
      switch (args.verb('add', 'assign', 'unassign')) {
        case 'add': {
          const kind = args.verb(...DEVICE_KINDS);
          if (!kind) throw new CommandTextError('Say which kind of device: voip, mobile or external.');
          // company:"Acme West" anywhere names the company; after a mobile's number the rest does too.
          const named = args.named('company');
          let device: { address: string; model?: string; ports?: string; company?: string };
          if (kind === 'voip') {
            const address = args.word('the MAC address');
            const more = args.remaining.map((token) => token.text);
            // A number among the words is the ports, whole or not (-3, 1.5 are refused, not taken as the model).
            const ports = more.find((word) => /^[-+]?\d+(?:[.,]\d+)?$/.test(word));
            args.text();
            device = { address, model: more.filter((word) => word !== ports).join(' '), ports, company: named };
          } else {
            const address = args.phone('the number');
            device = { address, company: named ?? args.company() };
          }
          const added = await addDevice(db, settings, actor, { kind, ...device });
          return `Added ${escapeMrkdwn(added.device)} to ${escapeMrkdwn(added.company)}.`;
        }
        case 'assign': {
          const email = args.email("the user's email");
          const device = args.text();
          if (!device) throw new CommandTextError('Give the MAC address or number of the device.');
          try {
            const given = await assignDevice(db, settings, actor, { email, device });
            return `${escapeMrkdwn(given.user)} has ${escapeMrkdwn(given.device)} now.`;
          } catch (error) {
            if (!(error instanceof DeviceFeeConfirmationNeeded)) throw error;
            return deviceFeeQuestion(error, email, device);
          }
        }
        case 'unassign': {
          const device = args.text();
          if (!device) throw new CommandTextError('Give the MAC address or number of the device.');
          const taken = await unassignDevice(db, settings, actor, device);
          return taken.user
            ? `${escapeMrkdwn(taken.device)} is free again (was ${escapeMrkdwn(taken.user)}'s).`
            : `${escapeMrkdwn(taken.device)} was free already.`;
        }
        default:
          return devicesMessage(await listDevices(db, actor, args.company()));
      }
    }),
  );

  registerPageButtons(app, DEVICES_PAGE_ACTION, COMMAND, async (actor, page) =>
    devicesMessage(await listDevices(db, actor, page.company, { offset: page.offset })),
  );

  app.action<BlockAction<ButtonAction>>(DEVICE_FEE_CONFIRM_ACTION, (args) =>
    answerClick(
      args,
      async () => {
        const request = readPayload(feeRequest, args.action.value, 'device fee confirmation');
        const given = await assignDevice(db, settings, actorOf(args.context), { ...request, acceptFee: true });
        // A second click finds the device given already: say so, rather than announce it again.
        return {
          replace: given.changed
            ? `${escapeMrkdwn(given.user)} has ${escapeMrkdwn(given.device)} now: ${plural(given.devices, 'device')}, ${given.monthlyFee ?? '€0.00'} a month.`
            : `${escapeMrkdwn(given.device)} is already assigned to ${escapeMrkdwn(personName({ fullName: given.user, email: given.email }))}; nothing changed.`,
        };
      },
      'That button is broken; run /devices assign again.',
    ),
  );
}
