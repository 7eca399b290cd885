/**
 * The rules of the workspaces slice: what a notice channel is for, what a channel id looks like,
 * and how an installation is named and keyed.
 */

/** What a workspace chooses a channel for (the same words as core/notice-routing.ts's NoticePurpose). */
export const CHANNEL_PURPOSES = ['confirmations', 'approvals', 'invitations'] as const;
export type ChannelPurpose = (typeof CHANNEL_PURPOSES)[number];

/** A workspace's choice per purpose: a channel id, or null for the environment's default. */
export type ChannelChoice = Record<ChannelPurpose, string | null>;

/** How each purpose is named to a person, and which setting is its default. */
export const PURPOSE_WORDS: Readonly<Record<ChannelPurpose, { label: string; about: string; setting: string }>> = {
  confirmations: {
    label: 'Confirmations',
    about: 'users added, edited, deactivated; licenses, numbers, devices',
    setting: 'NOTIFY_CHANNEL',
  },
  approvals: {
    label: 'Approvals',
    about: 'requests for admin rights, to approve or deny',
    setting: 'APPROVALS_CHANNEL',
  },
  invitations: {
    label: 'Invitations',
    about: 'invitations sent, accepted, declined, imported',
    setting: 'INVITES_CHANNEL',
  },
};

/** A public or private channel's id as Slack gives it (C…, or G… for older private channels). */
export function isChannelId(id: string): boolean {
  return /^[CG][A-Z0-9]{2,20}$/.test(id);
}

/** A Slack team (workspace) id: T…, as `switchboard workspaces link` takes it. */
export function isTeamId(id: string): boolean {
  return /^T[A-Z0-9]{2,20}$/.test(id);
}

/** The key of an installation: its org's for an org-wide (Enterprise Grid) install, its workspace's otherwise. */
export function installationKey(installation: {
  isEnterpriseInstall?: boolean;
  enterprise?: { id: string } | undefined;
  team?: { id: string } | undefined;
}): string {
  const key = installation.isEnterpriseInstall ? installation.enterprise?.id : installation.team?.id;
  if (!key) throw new Error('An installation names neither its workspace nor, org-wide, its org');
  return key;
}

/** A bot token's expiry (Bolt's `expiresAt`, seconds since 1970) as a date; none when it does not expire. */
export function expiryOf(expiresAt: number | undefined | null): Date | null {
  return typeof expiresAt === 'number' && Number.isFinite(expiresAt) ? new Date(expiresAt * 1000) : null;
}
