import type { AnyMiddlewareArgs, Middleware, SlashCommand as CommandPayload } from '@slack/bolt';
import type { Listeners } from './listeners.ts';
import { quote } from '../core/text.rules.ts';
import { escapeMrkdwn } from './mrkdwn.ts';
import { ROUTER, routeCommand, type SlashCommand } from './command-names.rules.ts';

const INVOKED_AS = 'commandInvokedAs';

/**
 * Lets every listener answer a command under whatever name the workspace installed it: the
 * command's own (`/users`), prefixed (`/sb-users`, from `switchboard manifest --prefix sb-`) or
 * through `/switchboard users …`. Before any listener matches, the request is rewritten to the
 * command's own name and the text meant for it; listeners only ever see their own names.
 */
export function commandNames(commands: readonly SlashCommand[]): Middleware<AnyMiddlewareArgs> {
  const known = commands.map((c) => c.command);
  return async ({ body, context, next }) => {
    const command = body as Partial<CommandPayload>;
    if (typeof command.command === 'string' && typeof command.text === 'string') {
      const route = routeCommand(command.command, command.text, known);
      if (route.kind === 'command') {
        command.command = route.command;
        command.text = route.text;
      } else if (route.kind !== 'other') {
        // `/switchboard`, its help and unknown words: answered by the router's own listener,
        // which lists the commands under the name this workspace knows it by.
        context[INVOKED_AS] = command.command;
        command.command = ROUTER.command;
      }
    }
    await next();
  };
}

/** `/switchboard` alone, `help`, or a word that is no command: the commands, and how to run them. */
export function registerRouter(app: Listeners, commands: readonly SlashCommand[]): void {
  const known = commands.map((c) => c.command);
  app.command(ROUTER.command, async ({ ack, command, context }) => {
    const route = routeCommand(ROUTER.command, command.text, known);
    const invoked = typeof context[INVOKED_AS] === 'string' ? context[INVOKED_AS] : ROUTER.command;
    const list = commandList(invoked, commands);
    const text =
      route.kind === 'unknown'
        ? `Switchboard has no command ${escapeMrkdwn(quote(route.word, 40))}. Usage: \`${invoked} <command> [arguments]\`, where <command> is one of:\n${list}`
        : `Usage: \`${invoked} <command> [arguments]\` runs any Switchboard command:\n${list}`;
    await ack({ response_type: 'ephemeral', text });
  });
}

function commandList(invoked: string, commands: readonly SlashCommand[]): string {
  return commands
    .filter((c) => c.command !== ROUTER.command)
    .map((c) => `• \`${invoked} ${c.command.slice(1)}\` — ${escapeMrkdwn(c.description)}`)
    .join('\n');
}
