import { Blocks, Message } from 'slack-block-builder';
import type { LicenseLine } from './licenses.ts';
import { andMore, chars, escapeFit, joinFitted, TEXT_LIMIT } from '../../slack/fit.ts';
import { plural } from '../../core/words.rules.ts';

const HOLDERS_SHOWN = 10;
// A message holds 50 blocks: 45 products, and a line saying how many more there are.
const LINES_SHOWN = 45;

/** `/licenses`: per company and product, seats in all, in use and free, and who holds them. */
export function licensesMessage(lines: LicenseLine[]) {
  if (!lines.length) {
    return {
      text: 'No licenses yet.',
      blocks: Message()
        .blocks(
          Blocks.Section({
            text: 'No licenses yet. Admins record purchases with `/licenses add <product> <seats> [company]`.',
          }),
        )
        .getBlocks(),
    };
  }
  const sections = lines.slice(0, LINES_SHOWN).map((line) => {
    const head = `*${escapeFit(line.product, 300)}*${line.kind === 'station' ? ' (station package)' : ''} · ${escapeFit(line.company, 1000)}\n${line.total} in all · ${line.inUse} in use · *${line.available} available*`;
    // As many holders as fit in the section (3000 characters), at most 10.
    const holders = joinFitted(
      line.holders.slice(0, HOLDERS_SHOWN).map((holder) => escapeFit(holder, 500)),
      TEXT_LIMIT - chars(head) - '\nHeld by '.length,
      { total: line.holders.length, more: (count) => ` and ${count} more` },
    );
    return Blocks.Section({ text: `${head}${holders ? `\nHeld by ${holders}` : ''}` });
  });
  const more = lines.length > LINES_SHOWN ? [Blocks.Context().elements(`${andMore(lines.length - LINES_SHOWN)}.`)] : [];
  return {
    text: `Licenses: ${plural(lines.length, 'product')}.`,
    blocks: Message()
      .blocks(...sections, ...more)
      .getBlocks(),
  };
}
