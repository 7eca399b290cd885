import { Blocks, Message } from 'slack-block-builder';
import type { SlackBlockDto } from 'slack-block-builder';
import { fitMrkdwn, TEXT_LIMIT } from './fit.ts';

export interface RenderedNotice {
  /** The plain text Slack shows in notifications and screen readers. */
  text: string;
  blocks: Readonly<SlackBlockDto>[];
}

/**
 * A notice that is one line: an emoji and the text (mrkdwn), cut with "…" should it not fit a
 * section; the renderers keep their values short enough that it does.
 */
export function simple(emoji: string, text: string): RenderedNotice {
  return {
    text: fitMrkdwn(text, TEXT_LIMIT),
    blocks: Message()
      .blocks(Blocks.Section({ text: fitMrkdwn(`${emoji} ${text}`, TEXT_LIMIT) }))
      .getBlocks(),
  };
}
