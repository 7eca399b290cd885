import type { Listeners } from '../../slack/listeners.ts';

import { addGroup, listGroups, removeGroup, setMembership } from './call-groups.ts';
import type { SlackDeps } from '../../slack/deps.ts';
import { escapeMrkdwn } from '../../slack/mrkdwn.ts';
import { answerTextCommand } from '../../slack/answer-command.ts';

export const COMMAND = '/groups';
const USAGE = [
  'Usage:',
  '`/groups [company]` — the call groups of a company and their members',
  '`/groups add|remove <group> [company]` — create or remove a call group (quote names with spaces)',
  '`/groups join|leave <group> <email>` — add a user to a group of their company, or take them out',
].join('\n');

/** `/groups`: call groups per company, and who is in each. */
export function register(app: Listeners, { db }: SlackDeps): void {
  app.command(COMMAND, (request) =>
    answerTextCommand(request, USAGE, async (args, actor) => {
      const verb = args.verb('add', 'remove', 'join', 'leave');
      if (verb === 'add' || verb === 'remove') {
        const input = { name: args.word('the group'), company: args.company() };
        const result = verb === 'add' ? await addGroup(db, actor, input) : await removeGroup(db, actor, input);
        return `Group ${escapeMrkdwn(result.group)} of ${escapeMrkdwn(result.company)} was ${verb === 'add' ? 'created' : 'removed'}.`;
      } else if (verb === 'join' || verb === 'leave') {
        const group = args.word('the group');
        const email = args.email("the user's email");
        args.end();
        const result = await setMembership(db, actor, { group, email, member: verb === 'join' });
        const state = verb === 'join' ? 'is in' : 'is not in';
        return `${escapeMrkdwn(result.user)} ${result.changed ? 'now ' : 'already '}${state} ${escapeMrkdwn(result.group)}.`;
      } else {
        const overview = await listGroups(db, actor, args.company());
        const lines = overview.groups.map(
          (group) =>
            `• *${escapeMrkdwn(group.name)}* — ${group.members.length ? group.members.map(escapeMrkdwn).join(', ') : 'no members'}`,
        );
        return `*Call groups of ${escapeMrkdwn(overview.company)}*\n${lines.join('\n') || 'None yet. Admins add one with `/groups add <name>`.'}`;
      }
    }),
  );
}
