import { escapeFit, mentionFit } from '../../../slack/fit.ts';
import { simple, type RenderedNotice } from '../../../slack/rendered-notice.blocks.ts';
import type { SlackLinkNotice, UserAddedNotice } from '../user-notices.rules.ts';

// Values are kept short enough that a notice fits its section (3000 characters) when escaped.
const mention = (slackUserId: string) => `<@${slackUserId}>`;
const email = (text: string) => escapeFit(text, 260);

/** Where an admin links a Slack account later, as a person reads it. */
export function howToLinkLater(userEmail: string): string {
  return `To link one later: *Edit* on their card (\`/users ${email(userEmail)}\`), or the operator's \`switchboard users link ${email(userEmail)} --slack-user U…\`.`;
}

/** A Slack account linked, changed or unlinked: the announcement, and the DMs to the account linked and the one unlinked. */
export function renderSlackLink(notice: SlackLinkNotice): RenderedNotice {
  const who = `${escapeFit(notice.user.fullName, 400)} (${email(notice.user.email)})`;
  const by = mentionFit(notice.by, 400);
  if (notice.audience === 'subject') {
    return simple(
      ':wave:',
      `${by} linked your Slack account to your Switchboard user, ${email(notice.user.email)}. ${whatNow(notice)}`,
    );
  }
  if (notice.audience === 'previous') {
    return simple(
      ':link:',
      `${by} unlinked your Slack account from the Switchboard user ${email(notice.user.email)}, so Switchboard no longer answers you as that user. If that is a mistake, ask an admin of your company.`,
    );
  }
  const company = escapeFit(notice.company, 1000);
  const was = notice.previousSlackUserId ? ` (was ${mention(notice.previousSlackUserId)})` : '';
  return notice.slackUserId
    ? simple(
        ':link:',
        `${who} of ${company} is now linked to the Slack account ${mention(notice.slackUserId)}${was}, by ${by}`,
      )
    : simple(':link:', `${who} of ${company} is no longer linked to a Slack account${was}, by ${by}`);
}

/** What the newly linked person can do now: a deactivated or invited user can't act yet. */
function whatNow(notice: SlackLinkNotice): string {
  if (notice.userState === 'deactivated') {
    return 'That user is deactivated, so Switchboard won’t act for you until an admin of your company reactivates it.';
  }
  if (notice.userState === 'invited') {
    return 'That user has not joined Switchboard yet: Switchboard acts for you once you accept your invitation.';
  }
  return 'You can use Switchboard from Slack now: your details are in its Home tab, and its commands know who you are.';
}

/**
 * What the admin who added a user reads besides "You added …": the Slack account linked or why
 * none was, and why Admin was not asked for when too few others could approve it.
 */
export function userAddedNotes(notice: UserAddedNotice): string[] {
  const notes: string[] = [];
  const slack = notice.slack;
  if (slack && 'linked' in slack) {
    notes.push(
      `Linked to the Slack account ${mention(slack.linked)}${notice.privileges.active ? ': they can use Switchboard from Slack now.' : ', but they were added deactivated: Switchboard acts for them once they are active.'}`,
    );
  } else if (slack) {
    const why = {
      declined: 'No Slack account was linked, as you chose.',
      no_member: `No Slack account was linked: no member of this Slack workspace has the email ${email(notice.user.email)}.`,
      lookup_failed: 'No Slack account was linked: Slack could not be asked about their email just now.',
    }[slack.none];
    notes.push(`${why} ${howToLinkLater(notice.user.email)}`);
  }
  const approvers = notice.adminNotRequested;
  if (approvers) {
    const few =
      approvers.eligible === 0
        ? 'no one else can approve them yet (approvers are other active admins of their company or a company above it)'
        : `a request needs ${approvers.required} approvals, and only ${approvers.eligible === 1 ? '1 other active admin' : `${approvers.eligible} other active admins`} of their company or a company above it can give one`;
    notes.push(
      `Admin rights were not requested: ${few}. They were added without Admin; the operator can grant it with \`switchboard users grant-admin ${email(notice.user.email)} --reason "…"\`.`,
    );
  }
  return notes;
}
