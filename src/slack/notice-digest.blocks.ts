import { Blocks, Message } from 'slack-block-builder';
import { plural } from '../core/words.rules.ts';
import { chars } from './fit.ts';
import type { RenderedNotice } from './rendered-notice.blocks.ts';

/** Slack's most blocks in a message. */
const MESSAGE_BLOCKS = 50;
/** Slack cuts a message's text above 40,000 characters; a digest keeps under it. */
const MESSAGE_TEXT = 40_000;

/**
 * Several notices for one channel as one message: a line saying how many, then each notice as it
 * would have been sent alone, in order. Takes as many of `notices` (from the first) as fit Slack's
 * limits for a message, each whole; `included` says how many that is (at least one).
 */
export function renderDigest(notices: readonly RenderedNotice[]): RenderedNotice & { included: number } {
  // The headline is counted in the worst case (every notice included) so that it always fits.
  const headline = (count: number) => `*${plural(count, 'change')}*, oldest first:`;
  let blocks = 1;
  let text = chars(headline(notices.length)) + 1;
  let included = 0;
  for (const notice of notices) {
    const more = notice.blocks.length;
    const moreText = chars(notice.text) + 1;
    if (included > 0 && (blocks + more > MESSAGE_BLOCKS || text + moreText > MESSAGE_TEXT)) break;
    blocks += more;
    text += moreText;
    included += 1;
  }
  const taken = notices.slice(0, included);
  return {
    included,
    text: [headline(included), ...taken.map((notice) => notice.text)].join('\n'),
    blocks: Message()
      .blocks(Blocks.Section({ text: headline(included) }))
      .getBlocks()
      .concat(taken.flatMap((notice) => notice.blocks)),
  };
}
