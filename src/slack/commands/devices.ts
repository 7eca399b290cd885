import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { Blocks, Elements, Message } from 'slack-block-builder';
import { z } from 'zod';
import type { DeviceKind } from '../../db/generated/client.ts';
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
import { words } from './licenses.ts';

export const COMMAND = '/devices';
export const DEVICE_FEE_CONFIRM_ACTION = 'device_assign_with_fee';
const KINDS: Record<string, DeviceKind> = { voip: 'voip', mobile: 'mobile', external: 'external' };
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
    answerCommand(ack, async () => {
      // company:"Acme West" (or company:Acme) anywhere names the company.
      const companyToken = /(?:^|\s)company:(?:"([^"]*)"|(\S+))/.exec(command.text);
      const company = companyToken ? (companyToken[1] ?? companyToken[2]) : undefined;
      const [verb, ...rest] = words(command.text.replace(companyToken?.[0] ?? '', ' ').trim());
      const actor = actorOf(context);
      if (verb === 'add' && KINDS[rest[0] ?? ''] && rest.length >= 2) {
        const [kind, address, ...more] = rest;
        const ports = more.find((word) => /^\d+$/.test(word));
        const model = more.filter((word) => word !== ports).join(' ');
        const added = await addDevice(db, settings, actor, {
          kind: KINDS[kind!]!,
          address: address!,
          model,
          ports,
          company,
        });
        return `Added ${escapeMrkdwn(added.device)} to ${escapeMrkdwn(added.company)}.`;
      } else if (verb === 'assign' && rest.length === 2) {
        const [email, device] = rest as [string, string];
        try {
          const given = await assignDevice(db, settings, actor, { email, device });
          return `${escapeMrkdwn(given.user)} has ${escapeMrkdwn(given.device)} now.`;
        } catch (error) {
          if (!(error instanceof DeviceFeeConfirmationNeeded)) throw error;
          return feeQuestion(error, email, device);
        }
      } else if (verb === 'unassign' && rest.length === 1) {
        const taken = await unassignDevice(db, settings, actor, rest[0]!);
        return taken.user
          ? `${escapeMrkdwn(taken.device)} is free again (was ${escapeMrkdwn(taken.user)}'s).`
          : `${escapeMrkdwn(taken.device)} was free already.`;
      } else if (verb) {
        return USAGE;
      } else {
        return devicesMessage(await listDevices(db, actor, company));
      }
    }),
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
