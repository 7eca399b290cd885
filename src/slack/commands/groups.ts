import type { App } from '@slack/bolt';
import { addGroup, listGroups, removeGroup, setMembership } from '../../services/call-groups.ts';
import { actorOf } from '../actor.ts';
import type { SlackDeps } from '../deps.ts';
import { escapeMrkdwn } from '../mrkdwn.ts';
import { answerCommand } from './answer.ts';
import { words } from './licenses.ts';

export const COMMAND = '/groups';
const USAGE = [
  'Usage:',
  '`/groups [company]` — the call groups of a company and their members',
  '`/groups add|remove <group> [company]` — create or remove a call group (quote names with spaces)',
  '`/groups join|leave <group> <email>` — add a user to a group of their company, or take them out',
].join('\n');

/** `/groups`: call groups per company, and who is in each. */
export function register(app: App, { db }: SlackDeps): void {
  app.command(COMMAND, ({ command, ack, context }) =>
    answerCommand(ack, async () => {
      const [verb, ...rest] = words(command.text.trim());
      const actor = actorOf(context);
      if ((verb === 'add' || verb === 'remove') && rest.length >= 1) {
        const input = { name: rest[0]!, company: rest.slice(1).join(' ') };
        const result = verb === 'add' ? await addGroup(db, actor, input) : await removeGroup(db, actor, input);
        return `Group ${escapeMrkdwn(result.group)} of ${escapeMrkdwn(result.company)} was ${verb === 'add' ? 'created' : 'removed'}.`;
      } else if ((verb === 'join' || verb === 'leave') && rest.length === 2) {
        const result = await setMembership(db, actor, { group: rest[0]!, email: rest[1]!, member: verb === 'join' });
        const state = verb === 'join' ? 'is in' : 'is not in';
        return `${escapeMrkdwn(result.user)} ${result.changed ? 'now ' : 'already '}${state} ${escapeMrkdwn(result.group)}.`;
      } else if (['add', 'remove', 'join', 'leave', 'help'].includes(verb ?? '')) {
        return USAGE;
      } else {
        const overview = await listGroups(db, actor, command.text.trim());
        const lines = overview.groups.map(
          (group) =>
            `• *${escapeMrkdwn(group.name)}* — ${group.members.length ? group.members.map(escapeMrkdwn).join(', ') : 'no members'}`,
        );
        return `*Call groups of ${escapeMrkdwn(overview.company)}*\n${lines.join('\n') || 'None yet. Admins add one with `/groups add <name>`.'}`;
      }
    }),
  );
}
