import { Blocks, Elements, Message } from 'slack-block-builder';
import { formatPhone } from '../../core/phone.rules.ts';
import type { DeviceList } from './devices.ts';
import { z } from 'zod';
import { LIST_PAGE_SIZE, pageAt, pagePosition } from '../../core/lists.rules.ts';
import { plural } from '../../core/words.rules.ts';
import type { ExtensionOverview } from './extensions.ts';
import type { NumberPool } from './numbers.ts';
import { escapeFit, packLines, TEXT_LIMIT } from '../../slack/fit.ts';

export const DEVICE_FEE_CONFIRM_ACTION = 'device_assign_with_fee';
const LINES_PER_SECTION = 25;
/** Lines as sections of 25: `sections` of them (the rest are counted in the last). */
const sectionsOf = (lines: string[], sections: number) =>
  packLines(lines, sections, { perText: LINES_PER_SECTION }).map((text) => Blocks.Section({ text }));

/** Where each list's page buttons lead (the click listeners read `pageValue`). */
export const NUMBERS_PAGE_ACTION = 'numbers_page';
export const EXTENSIONS_PAGE_ACTION = 'extensions_page';
export const DEVICES_PAGE_ACTION = 'devices_page';

/** What a page button carries: the company asked about (its name; '' for all) and where its page starts. */
export const pageValue = z.object({ company: z.string().max(200), offset: z.number().int().min(0) });

/** ‹ Previous and Next › under a page of a list, when there are pages before or after it. */
function pageButtons(actionId: string, company: string, offset: number, total: number) {
  const page = pageAt(offset, total);
  const button = (text: string, suffix: string, to: number) =>
    Elements.Button({ text, actionId: `${actionId}_${suffix}`, value: JSON.stringify({ company, offset: to }) });
  const buttons = [
    ...(page.previous === undefined ? [] : [button('‹ Previous', 'previous', page.previous)]),
    ...(page.next === undefined ? [] : [button('Next ›', 'next', page.next)]),
  ];
  return buttons.length ? [Blocks.Actions().elements(...buttons)] : [];
}

/**
 * `/numbers`: a company's pool — how many are free (the first of them) and who holds the others,
 * a page at a time ("41–80 of 250").
 */
export function poolMessage(pool: NumberPool) {
  const free = pool.firstAvailable.map((number) => `\`${formatPhone(number)}\``).join(' ');
  const freeHead =
    pool.available > pool.firstAvailable.length ? `Free, the first ${pool.firstAvailable.length}:` : 'Free:';
  const held = pool.assigned.map((row) => `\`${formatPhone(row.number)}\` ${escapeFit(row.user, 600)}`);
  const position = pagePosition(pool.offset + 1, pool.assigned.length, pool.assignedTotal);
  return {
    text: `Numbers of ${pool.company}: ${pool.available} free, ${pool.assignedTotal} assigned.`,
    blocks: Message()
      .blocks(
        Blocks.Section({
          text: `*Numbers of ${escapeFit(pool.company, 1000)}* — ${pool.available} free, ${pool.assignedTotal} assigned${free ? `\n${freeHead} ${free}` : ''}`,
        }),
        ...(held.length
          ? [Blocks.Context().elements(`Assigned: ${position}`), ...sectionsOf(held, LIST_PAGE_SIZE)]
          : [Blocks.Context().elements('None assigned yet.')]),
        ...pageButtons(NUMBERS_PAGE_ACTION, pool.companyName, pool.offset, pool.assignedTotal),
      )
      .getBlocks(),
  };
}

/** `/extensions`: a company's policy, the next free extension, and who has which, a page at a time. */
export function extensionsMessage(overview: ExtensionOverview) {
  const taken = overview.taken.map((row) => `\`${row.extension}\` ${escapeFit(row.user, 600)}`);
  const head = `*Extensions of ${escapeFit(overview.company, 1000)}* — ${overview.policy.min} to ${overview.policy.max} digits · next free: ${overview.nextFree ? `\`${overview.nextFree}\`` : 'none'}`;
  const position = pagePosition(overview.offset + 1, overview.taken.length, overview.total);
  return {
    text: `Extensions of ${overview.company}: ${overview.total} taken.`,
    blocks: Message()
      .blocks(
        Blocks.Section({ text: head }),
        ...(taken.length
          ? [Blocks.Context().elements(`Taken: ${position}`), ...sectionsOf(taken, LIST_PAGE_SIZE)]
          : [Blocks.Context().elements('None taken yet.')]),
        ...pageButtons(EXTENSIONS_PAGE_ACTION, overview.companyName, overview.offset, overview.total),
      )
      .getBlocks(),
  };
}

/** `/devices`: the devices and who has each, a page at a time ("1–40 of 250"). */
export function devicesMessage(list: DeviceList) {
  if (!list.total) return { text: 'No devices yet. Admins add them with `/devices add`.' };
  const text = list.lines.map(
    (line) =>
      `${escapeFit(line.device, 300)} · ${escapeFit(line.company, 600)} · ${line.user ? escapeFit(line.user, 600) : '_unassigned_'}`,
  );
  // One page holds them all: the count says it ("3 devices"); else which of how many ("41–80 of 95").
  const position =
    list.lines.length >= list.total
      ? plural(list.total, 'device')
      : pagePosition(list.offset + 1, list.lines.length, list.total);
  const title = list.company ? `Devices of ${escapeFit(list.company, 300)}` : 'Devices';
  return {
    text: `${title}: ${position}.`,
    blocks: Message()
      .blocks(
        Blocks.Section({ text: `*${title}* — ${position}` }),
        ...sectionsOf(text, LIST_PAGE_SIZE),
        ...pageButtons(DEVICES_PAGE_ACTION, list.company, list.offset, list.total),
      )
      .getBlocks(),
  };
}

/** A device that would cost a monthly fee: what it costs, and a button to assign it anyway. */
export function deviceFeeQuestion(fee: { message: string; monthlyFee: string }, email: string, device: string) {
  return {
    text: fee.message,
    blocks: Message()
      .blocks(
        Blocks.Section({ text: `:moneybag: ${escapeFit(fee.message, TEXT_LIMIT - 11)}` }),
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
