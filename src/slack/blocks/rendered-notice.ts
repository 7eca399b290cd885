import { Blocks, Message } from 'slack-block-builder';
import type { SlackBlockDto } from 'slack-block-builder';

export interface RenderedNotice {
  /** The plain text Slack shows in notifications and screen readers. */
  text: string;
  blocks: Readonly<SlackBlockDto>[];
}

/** A notice that is one line: an emoji and the text. */
export function simple(emoji: string, text: string): RenderedNotice {
  return {
    text,
    blocks: Message()
      .blocks(Blocks.Section({ text: `${emoji} ${text}` }))
      .getBlocks(),
  };
}
