import { Blocks, Message } from 'slack-block-builder';
import type { LicenseLine } from '../../services/licenses.ts';
import { escapeMrkdwn } from '../mrkdwn.ts';

const HOLDERS_SHOWN = 10;

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
  const sections = lines.slice(0, 45).map((line) => {
    const holders = line.holders.slice(0, HOLDERS_SHOWN).map(escapeMrkdwn).join(', ');
    const more = line.holders.length > HOLDERS_SHOWN ? ` and ${line.holders.length - HOLDERS_SHOWN} more` : '';
    return Blocks.Section({
      text: `*${escapeMrkdwn(line.product)}*${line.kind === 'station' ? ' (station package)' : ''} · ${escapeMrkdwn(line.company)}\n${line.total} in all · ${line.inUse} in use · *${line.available} available*${holders ? `\nHeld by ${holders}${more}` : ''}`,
    });
  });
  return {
    text: `Licenses: ${lines.length} product(s).`,
    blocks: Message()
      .blocks(...sections)
      .getBlocks(),
  };
}
