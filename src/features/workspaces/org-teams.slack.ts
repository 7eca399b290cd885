import { WebClient, type WebClientOptions } from '@slack/web-api';
import type { OrgTeams, SlackTeam } from './installation-store.ts';

/** At most this many pages of auth.teams.list (100 workspaces each) are read for one install. */
const MAX_PAGES = 50;

/**
 * The workspaces an org-wide install reaches, as Slack lists them for its bot token
 * (auth.teams.list, by cursor). Called by the installation store before its transaction.
 */
export function orgTeamsFromSlack(clientOptions: Pick<WebClientOptions, 'slackApiUrl' | 'logger'> = {}): OrgTeams {
  return async (botToken) => {
    const client = new WebClient(botToken, { ...clientOptions, retryConfig: { retries: 2 }, timeout: 10_000 });
    const teams: SlackTeam[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES; page += 1) {
      const answer = await client.auth.teams.list({ limit: 100, ...(cursor ? { cursor } : {}) });
      for (const team of answer.teams ?? []) {
        if (team.id) teams.push({ id: team.id, ...(team.name ? { name: team.name } : {}) });
      }
      cursor = answer.response_metadata?.next_cursor || undefined;
      if (!cursor) break;
    }
    return teams;
  };
}
