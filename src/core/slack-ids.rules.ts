import { z } from 'zod';

/** A Slack member id as Slack shows it in a profile ("Copy member ID"): U… or W…. */
export const slackUserIdSchema = z
  .string()
  .trim()
  .regex(/^[UW][A-Z0-9]{2,}$/, 'A Slack member id looks like U01ABCDEF23 (profile › ⋮ › Copy member ID).');

export const slackTeamIdSchema = z
  .string()
  .trim()
  .regex(/^[TE][A-Z0-9]{2,}$/, 'A Slack workspace id looks like T01ABCDEF23.');
