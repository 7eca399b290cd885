import type { WebClient } from '@slack/web-api';

/** The workspace member with this email (Slack's users.lookupByEmail), or null when there is none. */
export function slackMemberFinder(client: WebClient) {
  return async (email: string): Promise<{ teamId: string; userId: string } | null> => {
    try {
      const found = await client.users.lookupByEmail({ email });
      const user = found.user;
      if (!user?.id || user.deleted || user.is_bot) return null;
      return { teamId: user.team_id ?? '', userId: user.id };
    } catch (error) {
      if ((error as { data?: { error?: string } }).data?.error === 'users_not_found') return null;
      throw error;
    }
  };
}
