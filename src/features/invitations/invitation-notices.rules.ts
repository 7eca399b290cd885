import type { Person } from '../../core/notices.rules.ts';

/** The notices of the invitations slice: what it announces, as data (core/notices.rules.ts). */
export type InvitationsNotice =
  InvitationNotice | InvitationOfferNotice | InvitationsExpiredNotice | InvitationImportNotice;

/** Something happened to one person's invitation. */
export interface InvitationNotice {
  type:
    'invitation.created' | 'invitation.resent' | 'invitation.revoked' | 'invitation.accepted' | 'invitation.declined';
  audience: 'channel';
  user: { fullName: string; email: string };
  company: string;
  /** For created: whether it goes out now (license on) or waits for a license. */
  waitingForLicense?: boolean;
  /** For accepted: in Slack or on the web page. */
  via?: 'slack' | 'web';
  by?: Person;
}

/** The invitation itself, as a DM to a workspace member: Accept or Decline. */
export interface InvitationOfferNotice {
  type: 'invitation.offer';
  audience: 'invitee';
  invitationId: string;
  email: string;
  company: string;
  invitedBy: string;
  expiresAt: string;
}

/** Invitations whose links ran out, announced together. */
export interface InvitationsExpiredNotice {
  type: 'invitations.expired';
  audience: 'channel';
  count: number;
  /** The first few, to name them. */
  emails: string[];
}

/** One summary per imported invitation file. */
export interface InvitationImportNotice {
  type: 'invitations.imported';
  audience: 'channel';
  company: string;
  fileName: string;
  invited: number;
  waitingForLicense: number;
  skipped: number;
  by: Person;
}
