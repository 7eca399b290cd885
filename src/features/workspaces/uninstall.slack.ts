import type { Context, Logger } from '@slack/bolt';
import type { Listeners } from '../../slack/listeners.ts';
import { removeInstallation } from './installation-store.ts';
import type { SlackDeps } from '../../slack/deps.ts';

/**
 * `app_uninstalled`, and `tokens_revoked` naming bot tokens: the workspace's installation (or, for
 * an org-wide install, its org's) is deleted, so the dispatcher finds no token and holds its
 * notices until it is installed again. Its workspace row and company link stay. With one bot token
 * (single-workspace mode) there is nothing to delete: the operator is warned that SLACK_BOT_TOKEN
 * no longer works. Bolt calls these listeners without authorizing (there is no token any more).
 */
export function register(app: Listeners, { db, settings: { distribution } }: SlackDeps): void {
  /** `what`: what Slack said happened ("the app was uninstalled"); `reason`: the same as the audit trail keeps it. */
  async function tokensGone(context: Context, logger: Logger, what: string, reason: string) {
    if (!distribution) {
      logger.warn(
        `Slack says ${what} in workspace ${context.teamId ?? '(unknown)'}: SLACK_BOT_TOKEN no longer works. ` +
          'Install the app again and set SLACK_BOT_TOKEN to its new bot token; notices wait until then.',
      );
      return;
    }
    const key = context.isEnterpriseInstall ? context.enterpriseId : context.teamId;
    if (!key) {
      logger.warn(`Slack says ${what}, but not where; nothing was deleted.`);
      return;
    }
    const removed = await removeInstallation(db, key, reason);
    logger.info(
      removed
        ? `Slack installation ${key} deleted (${reason}); its notices are held until it is installed again.`
        : `Slack says ${what} in ${key}, which had no installation.`,
    );
  }

  app.event('app_uninstalled', async ({ context, logger }) => {
    await tokensGone(context, logger, 'the app was uninstalled', 'uninstalled');
  });

  app.event('tokens_revoked', async ({ event, context, logger }) => {
    // Only the bot's token matters: user tokens are not kept.
    if (!event.tokens.bot?.length) return;
    await tokensGone(context, logger, 'its bot token was revoked', 'bot token revoked');
  });
}
