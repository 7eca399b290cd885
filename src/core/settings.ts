/** What the services need besides the database: where to announce, and the approval policy. */
export interface ServiceSettings {
  /** Where confirmations are announced. */
  notifyChannel: string;
  /** For phone numbers typed without a leading +. */
  defaultPhoneRegion: string;
  approvals: {
    /** Where approval requests are posted for approvers to decide. */
    channel: string;
    /** How many different approvers must approve. */
    required: number;
    /** How long a request waits before it expires. */
    ttlMinutes: number;
  };
  invitations: {
    /** Where invitations, acceptances, expiries and import summaries are announced. */
    channel: string;
    /** How long an invitation link stays valid. */
    ttlMinutes: number;
  };
  /** The monthly fee of each device beyond a user's second, in cents (sipgate: €4.95). */
  deviceFeeCents: number;
  /**
   * Installed in many workspaces (SLACK_CLIENT_ID…): there is no deployment's own workspace, so a
   * company linked to no workspace has its changes audited but announced nowhere.
   */
  distribution?: boolean;
}
