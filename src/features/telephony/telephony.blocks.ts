import { Blocks, Elements, Message } from 'slack-block-builder';
import { formatPhone } from '../../core/phone.rules.ts';
import type { DeviceLine } from './devices.ts';
import type { ExtensionOverview } from './extensions.ts';
import type { NumberPool } from './numbers.ts';
import { escapeFit, packLines, TEXT_LIMIT } from '../../slack/fit.ts';
import { plural } from '../../core/words.rules.ts';

export const DEVICE_FEE_CONFIRM_ACTION = 'device_assign_with_fee';
const LINES_PER_SECTION = 25;
/** Lines as sections of 25: `sections` of them (the rest are counted in the last). */
const sectionsOf = (lines: string[], sections: number) =>
  packLines(lines, sections, { perText: LINES_PER_SECTION }).map((text) => Blocks.Section({ text }));

/** `/numbers`: a company's pool — how many are free (the first of them) and who holds the others (the first 100). */
export function poolMessage(pool: NumberPool) {
  const free = pool.firstAvailable.map((number) => `\`${formatPhone(number)}\``).join(' ');
  const held = pool.assigned.map((row) => `\`${formatPhone(row.number)}\` ${escapeFit(row.user, 600)}`);
  const sections = sectionsOf(held, 4);
  return {
    text: `Numbers of ${pool.company}: ${pool.available} free, ${pool.assigned.length} assigned.`,
    blocks: Message()
      .blocks(
        Blocks.Section({
          text: `*Numbers of ${escapeFit(pool.company, 1000)}* — ${pool.available} free, ${pool.assigned.length} assigned${free ? `\nFree: ${free}${pool.available > pool.firstAvailable.length ? ' …' : ''}` : ''}`,
        }),
        ...(sections.length ? sections : [Blocks.Context().elements('None assigned yet.')]),
      )
      .getBlocks(),
  };
}

/** `/extensions`: a company's policy, the next free extension, and who has which (the first 200). */
export function extensionsMessage(overview: ExtensionOverview) {
  const taken = overview.taken.map((row) => `\`${row.extension}\` ${escapeFit(row.user, 600)}`);
  const sections = sectionsOf(taken, 8);
  const head = `*Extensions of ${escapeFit(overview.company, 1000)}* — ${overview.policy.min} to ${overview.policy.max} digits · next free: ${overview.nextFree ? `\`${overview.nextFree}\`` : 'none'}`;
  return {
    text: `Extensions of ${overview.company}: ${overview.taken.length} taken.`,
    blocks: Message()
      .blocks(
        Blocks.Section({ text: head }),
        ...(sections.length ? sections : [Blocks.Context().elements('None taken yet.')]),
      )
      .getBlocks(),
  };
}

/** `/devices`: the devices and who has each (the first 100). */
export function devicesMessage(lines: DeviceLine[]) {
  if (!lines.length) return { text: 'No devices yet. Admins add them with `/devices add`.' };
  const text = lines.map(
    (line) =>
      `${escapeFit(line.device, 300)} · ${escapeFit(line.company, 600)} · ${line.user ? escapeFit(line.user, 600) : '_unassigned_'}`,
  );
  return {
    text: `${plural(lines.length, 'device')}.`,
    blocks: Message()
      .blocks(...sectionsOf(text, 4))
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
