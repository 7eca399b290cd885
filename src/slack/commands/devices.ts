import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { Blocks, Elements, Message } from 'slack-block-builder';
import { z } from 'zod';
import { CommandArgs, CommandTextError } from '../../domain/command-text.ts';
import {
  addDevice,
  assignDevice,
  DeviceFeeConfirmationNeeded,
  listDevices,
  unassignDevice,
  type DeviceLine,
} from '../../services/devices.ts';
import { actorOf } from '../actor.ts';
import type { SlackDeps } from '../deps.ts';
import { escapeMrkdwn } from '../mrkdwn.ts';
import { refusalText } from '../respond-error.ts';
import { answerCommand } from './answer.ts';
import { safeJson } from '../views/metadata.ts';

export const COMMAND = '/devices';
export const DEVICE_FEE_CONFIRM_ACTION = 'device_assign_with_fee';
const USAGE = [
  'Usage:',
  '`/devices [company]` — the devices of your companies and who has each',
  '`/devices add voip <MAC> ["model"] [ports] [company:"…"]` · `/devices add mobile|external <number> [company:"…"]`',
  '`/devices assign <email> <MAC | number>` — give a user an unassigned device (a third or later one costs a monthly fee; you confirm it first)',
  '`/devices unassign <MAC | number>` — take a device back',
].join('\n');
const feeRequest = z.object({ email: z.string(), device: z.string() });

function devicesMessage(lines: DeviceLine[]) {
  if (!lines.length) return { text: 'No devices yet. Admins add them with `/devices add`.' };
  const text = lines
    .slice(0, 100)
    .map(
      (line) =>
        `${escapeMrkdwn(line.device)} · ${escapeMrkdwn(line.company)} · ${line.user ? escapeMrkdwn(line.user) : '_unassigned_'}`,
    );
  const sections = [];
  for (let i = 0; i < text.length; i += 25) sections.push(Blocks.Section({ text: text.slice(i, i + 25).join('\n') }));
  return {
    text: `${lines.length} device(s).`,
    blocks: Message()
      .blocks(...sections)
      .getBlocks(),
  };
}

function feeQuestion(fee: DeviceFeeConfirmationNeeded, email: string, device: string) {
  return {
    text: fee.message,
    blocks: Message()
      .blocks(
        Blocks.Section({ text: `:moneybag: ${escapeMrkdwn(fee.message)}` }),
        Blocks.Actions().elements(
          Elements.Button({
            text: `Assign (${fee.monthlyFee}/month)`,
            actionId: DEVICE_FEE_CONFIRM_ACTION,
            value: JSON.stringify({ email, device }),
          }).primary(),
        ),
      )
      .getBlocks(),
  };
}

/** `/devices`: VoIP phones, mobiles and external phones; add, assign (with the fee), unassign. */
export function register(app: App, { db, settings }: SlackDeps): void {
  app.command(COMMAND, ({ command, ack, context }) =>
    answerCommand(
      ack,
      async () => {
        const args = CommandArgs.read(command.text);
        if (args.wantsHelp()) return USAGE;
        const actor = actorOf(context);
        switch (args.verb('add', 'assign', 'unassign')) {
          case 'add': {
            const kind = args.verb('voip', 'mobile', 'external');
            if (!kind) throw new CommandTextError('Say which kind of device: voip, mobile or external.');
            // company:"Acme West" anywhere names the company; after a mobile's number the rest does too.
            const named = args.named('company');
            let device: { address: string; model?: string; ports?: string; company?: string };
            if (kind === 'voip') {
              const address = args.word('the MAC address');
              const more = args.remaining.map((token) => token.text);
              const ports = more.find((word) => /^\d+$/.test(word));
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
              return feeQuestion(error, email, device);
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
      },
      USAGE,
    ),
  );

  app.action<BlockAction<ButtonAction>>(DEVICE_FEE_CONFIRM_ACTION, async ({ ack, action, context, respond }) => {
    await ack();
    const request = feeRequest.safeParse(safeJson(action.value));
    try {
      if (!request.success) throw new Error('broken button');
      const given = await assignDevice(db, settings, actorOf(context), { ...request.data, acceptFee: true });
      // A second click finds the device given already: say so, rather than announce it again.
      await respond({
        replace_original: true,
        text: given.changed
          ? `${escapeMrkdwn(given.user)} has ${escapeMrkdwn(given.device)} now: ${given.devices} devices, ${given.monthlyFee ?? '€0.00'} a month.`
          : `${escapeMrkdwn(given.device)} is already assigned to ${escapeMrkdwn(given.user)} (${escapeMrkdwn(given.email)}); nothing changed.`,
      });
    } catch (error) {
      await respond({
        replace_original: false,
        text: refusalText(error) ?? 'That button is broken; run /devices assign again.',
      });
    }
  });
}
