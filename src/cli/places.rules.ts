/**
 * A use case's refusal names the place to go next as a slash command ("move it: /numbers move …",
 * "search with /users"): that is where admins are. Printed by the CLI, the operator is told the
 * `switchboard` command that does the same, or — where only Slack has one — that it is Slack's.
 */

/** Slash commands (with their verb) and the CLI command that does the same; the arguments stay as they are. */
const CLI_EQUIVALENTS: Readonly<Record<string, string>> = {
  '/numbers add': 'switchboard numbers add',
  '/numbers assign': 'switchboard numbers assign',
  '/numbers move': 'switchboard numbers move',
  '/numbers unassign': 'switchboard numbers unassign',
  '/devices add': 'switchboard devices add',
  '/devices assign': 'switchboard devices assign',
  '/devices unassign': 'switchboard devices unassign',
  '/extensions set': 'switchboard extensions set',
  '/licenses add': 'switchboard licenses add',
};

/** The same for a command without a verb after it (punctuation, or its arguments): the CLI's listing. */
const BARE_EQUIVALENTS: Readonly<Record<string, string>> = {
  '/audit': 'switchboard audit list',
  '/numbers': 'switchboard numbers list',
  '/devices': 'switchboard devices list',
  '/extensions': 'switchboard extensions list',
  '/licenses': 'switchboard licenses list',
  '/users': 'switchboard users list',
};

// A slash command in running text — not part of a path or a link ("/tmp/x", "https://…", "and/or") —
// and the word after it when that is a whole word (a verb such as "move"; not "name@example.com").
const SLASH_COMMAND = /(?<![\w/:.])(\/[a-z][a-z-]*)(?![\w/])( [a-z][a-z-]*(?=$|\s|[.,;:)](?:\s|$)))?/g;

/**
 * A message written for Slack, with each of the app's slash commands (`commands`) turned into the
 * CLI's, or said to be Slack's. Anything else that starts with a slash is left as it is.
 */
export function forTheCli(message: string, commands: readonly string[]): string {
  return message.replace(SLASH_COMMAND, (whole, command: string, next: string | undefined) => {
    if (!commands.includes(command)) return whole;
    const verb = next?.trim();
    const withVerb = verb && CLI_EQUIVALENTS[`${command} ${verb}`];
    if (withVerb) return withVerb;
    const bare = !verb && BARE_EQUIVALENTS[command];
    if (bare) return bare;
    return `Slack’s ${whole}`;
  });
}
