import type { ActorRef } from '../core/actors.ts';

/** The CLI acts as a named system actor: every company, recorded as `system:cli` in the audit trail. */
export const CLI_ACTOR: ActorRef = { system: 'cli' };
