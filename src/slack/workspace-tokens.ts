/**
 * The bot token that speaks for a workspace, for work done outside a Slack request (the outbox,
 * the invitation courier, timers). Inside a request Bolt's authorize gives the token.
 */
export interface WorkspaceTokens {
  /**
   * The workspace's bot token, rotated first when it is about to expire; undefined when the app is
   * not installed there (uninstalled, tokens revoked, never installed). `workspace` is a team id,
   * or '' for the deployment's own workspace (SLACK_BOT_TOKEN).
   */
  botToken(workspace: string): Promise<string | undefined>;
}

/** Single-workspace mode: SLACK_BOT_TOKEN speaks for every workspace. */
export function singleWorkspaceTokens(botToken: string): WorkspaceTokens {
  return { botToken: async () => botToken };
}
