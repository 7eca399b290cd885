import type { Listeners } from '../../slack/listeners.ts';
// The audit trail: /audit and its export.

import type { SlackDeps } from '../../slack/deps.ts';
import type { SlashCommand } from '../../slack/command-names.rules.ts';
import * as audit from './audit.slack.ts';
import { audit as auditCli } from './audit.cli.ts';

// What other slices use of this one.
export { type AuditEntry, listAudit, peopleOf as auditPeopleOf, actorOfRow as auditActorOf } from './audit-log.ts';
export { actionWords, labelledPerson } from './audit-words.rules.ts';

/** Registers the Slack listeners of this slice. */
export function register(app: Listeners, deps: SlackDeps): void {
  for (const listeners of [audit]) listeners.register(app, deps);
}

/** The slash commands this slice answers, as the manifests declare them (`switchboard manifest`). */
export const COMMANDS: SlashCommand[] = [
  {
    command: audit.COMMAND,
    description: 'Latest changes in your companies (who, what, when, before → after)',
    usageHint: '[name@example.com | company name]',
    shouldEscape: false,
  },
];

/** Its `switchboard` commands. */
export const CLI_COMMANDS = { audit: auditCli };
