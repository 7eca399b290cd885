import { personName, type NamedPerson } from '../core/users.rules.ts';

/**
 * Escapes user-typed text for Slack mrkdwn, so `<!channel>` or `<@U123>` in a name is shown as
 * typed and pings nobody. Slack asks for exactly these three characters to be escaped.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A mention of a Slack user, or "Name (email)" (personName, escaped) when they have no Slack link. */
export function mention(person: NamedPerson): string {
  return person.slackUserId ? `<@${person.slackUserId}>` : escapeMrkdwn(personName(person));
}

/** A date Slack shows in each reader's own time zone; `fallback` for clients that can't. */
export function slackDate(date: Date): string {
  const epoch = Math.floor(date.getTime() / 1000);
  return `<!date^${epoch}^{date_short_pretty} {time}|${date.toISOString()}>`;
}
