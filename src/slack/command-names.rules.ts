/** A slash command as a manifest declares it and `/switchboard help` lists it. */
export interface SlashCommand {
  /** Its own name, e.g. `/users`. A workspace may install it prefixed (`/sb-users`) or reach it as `/switchboard users`. */
  command: string;
  description: string;
  usageHint?: string;
  /** Slack sends @mentions, #channels and links as references (`<@U…|name>`) rather than as typed. */
  shouldEscape: boolean;
  /**
   * Reached only as `/switchboard <command>` (listed by its help), never declared in a manifest:
   * for names too common to claim in a workspace (`/settings`).
   */
  routerOnly?: boolean;
}

/** The one command that reaches every other: `/switchboard <command> …`. */
export const ROUTER: SlashCommand = {
  command: '/switchboard',
  description: 'Run any Switchboard command; “help” lists them',
  usageHint: 'help | <command> [arguments]',
  // Escaped so that `/switchboard grantadmin @someone` names the person; every command reads references.
  shouldEscape: true,
};

/** What a slash command as Slack sent it asks for. */
export type Route =
  /** One of the app's commands, by its own name, with the text meant for it. */
  | { kind: 'command'; command: string; text: string }
  /** `/switchboard`, `/switchboard help`: the list of commands. */
  | { kind: 'help' }
  /** `/switchboard <word>` where no command is called <word>. */
  | { kind: 'unknown'; word: string }
  /** Not a name this app knows, however prefixed. */
  | { kind: 'other' };

const HELP = new Set(['', 'help', '-h', '--help', '?']);

/**
 * Reads the name a command arrived under — its own (`/users`), prefixed as a workspace installed it
 * (`/sb-users`), or through the router (`/switchboard users …`, `/sb-switchboard users …`) — as one of
 * `known` (names with their slash) and the text meant for it. A prefix is whatever precedes a known name;
 * the longest known name wins, so `/sb-requestadmin` is `/requestadmin`, never `/admin`.
 */
export function routeCommand(invoked: string, text: string, known: readonly string[]): Route {
  const own = ownName(invoked, [...known, ROUTER.command]);
  if (own === undefined) return { kind: 'other' };
  if (own !== ROUTER.command) return { kind: 'command', command: own, text };
  const [, first = '', rest = ''] = /^\s*(\S*)\s*([\s\S]*)$/.exec(text) ?? [];
  const word = first.replace(/^\//, '').toLowerCase();
  if (HELP.has(word)) return { kind: 'help' };
  const command = `/${word}`;
  return known.includes(command) && command !== ROUTER.command
    ? { kind: 'command', command, text: rest }
    : { kind: 'unknown', word: first };
}

function ownName(invoked: string, names: readonly string[]): string | undefined {
  const name = invoked.toLowerCase();
  if (names.includes(name)) return name;
  const matches = names.filter((known) => name.startsWith('/') && name.endsWith(known.slice(1)));
  return matches.sort((a, b) => b.length - a.length)[0];
}

/** The name a command has in a workspace that installed it under `prefix`. */
export function installedName(command: string, prefix: string): string {
  return `/${prefix}${command.slice(1)}`;
}

/** Slack's rules for a command name (2–32 characters, lower-case, no spaces) applied to a prefix. */
export function prefixProblem(prefix: string, commands: readonly SlashCommand[]): string | undefined {
  if (!/^[a-z0-9_-]*$/.test(prefix)) {
    return `The prefix “${prefix}” can only have lower-case letters, digits, “-” and “_” (Slack's rule for command names).`;
  }
  const longest = commands
    .filter((c) => !c.routerOnly)
    .reduce((a, b) => (b.command.length > a.length ? b.command : a), '');
  if (installedName(longest, prefix).length > 32) {
    return `The prefix “${prefix}” makes ${installedName(longest, prefix)} longer than Slack's 32 characters; use at most ${32 - longest.length} characters.`;
  }
  return undefined;
}
