import type { Listeners } from '../../slack/listeners.ts';

import { extensionOverview, setExtension, setExtensionPolicy } from './extensions.ts';
import type { SlackDeps } from '../../slack/deps.ts';
import { escapeMrkdwn } from '../../slack/mrkdwn.ts';
import { MAX_EXTENSION_DIGITS } from './extensions.rules.ts';
import { EXTENSIONS_PAGE_ACTION, extensionsMessage } from './telephony.blocks.ts';
import { registerPageButtons } from './list-pages.slack.ts';
import { answerTextCommand } from '../../slack/answer-command.ts';

export const COMMAND = '/extensions';
const USAGE = [
  'Usage:',
  '`/extensions [company]` — the length policy, extensions taken and by whom, the next free one',
  '`/extensions set <email> <digits | next | none>` — give a user an extension, or take it away',
  '`/extensions policy <shortest> <longest> [company]` — how many digits extensions have',
].join('\n');

/** `/extensions`: see what is taken and the next free one; set a user's; set the company's policy. */
export function register(app: Listeners, { db }: SlackDeps): void {
  app.command(COMMAND, (request) =>
    answerTextCommand(request, USAGE, async (args, actor) => {
      switch (args.verb('set', 'policy')) {
        case 'set': {
          const email = args.email("the user's email");
          const wanted = args.word('the extension (digits, next or none)');
          args.end();
          const choice = wanted.toLowerCase();
          const result = await setExtension(db, actor, {
            email,
            extension: choice === 'none' ? null : choice === 'next' ? 'next' : wanted,
          });
          return result.extension
            ? `${escapeMrkdwn(result.user)} now has extension ${result.extension}.`
            : `${escapeMrkdwn(result.user)} has no extension now.`;
        }
        case 'policy': {
          const min = args.count('the fewest digits', { max: MAX_EXTENSION_DIGITS });
          const max = args.count('the most digits', { max: MAX_EXTENSION_DIGITS });
          const result = await setExtensionPolicy(db, actor, { min, max, company: args.company() });
          return `Extensions of ${escapeMrkdwn(result.company)} now have ${result.policy.min} to ${result.policy.max} digits.`;
        }
        default:
          return extensionsMessage(await extensionOverview(db, actor, args.company()));
      }
    }),
  );

  registerPageButtons(app, EXTENSIONS_PAGE_ACTION, COMMAND, async (actor, page) =>
    extensionsMessage(await extensionOverview(db, actor, page.company, { offset: page.offset })),
  );
}
