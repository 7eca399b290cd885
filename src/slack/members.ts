import { ErrorCode, LogLevel, WebClient } from '@slack/web-api';
import type { Logger } from '../core/logger.ts';
import { boltLogger } from './bolt-logger.ts';
import type { WorkspaceTokens } from './workspace-tokens.ts';

/** A workspace member an invitation can be offered to in Slack. */
interface SlackMember {
  teamId: string;
  userId: string;
}

/**
 * Slack asked us to wait (HTTP 429 with Retry-After), or we hold back to stay within the method's
 * rate tier. The courier leaves the invitation due at least this long.
 */
export class SlackBusyError extends Error {
  constructor(
    method: string,
    readonly retryAfterSeconds: number,
  ) {
    super(`Slack's ${method} is rate limited: trying again in ${retryAfterSeconds} s`);
  }
}

interface MemberOptions {
  /** How long a list of members read with users.list is used before it is read again. */
  directoryTtlMs?: number;
  /** users.list calls allowed per minute: Slack's Tier 2 is about 20. */
  listPerMinute?: number;
  /** Members per users.list page (Slack advises at most 200). */
  pageSize?: number;
  /** Give up on a Slack call after this long (the invitation is retried later). */
  timeoutMs?: number;
  clock?: () => number;
  /** Where the client's errors go (the app's log); its warnings are the courier's to report. */
  logger?: Logger;
  /** The workspace to list (users.list's team_id: required with an org-wide install's token). */
  teamId?: string;
}

/**
 * How the invitation courier finds workspace members: one at a time with users.lookupByEmail
 * (Tier 3) for an invitation someone is waiting for, and the whole workspace with users.list
 * (Tier 2, paged) for a file import, read once and kept for a while rather than one look-up per
 * person. Uses its own Web API client that never waits out a 429 itself (the app's client would
 * pause every other call to Slack meanwhile): a rate-limited call fails with SlackBusyError.
 */
export function slackMembers(token: string, apiUrl: string, options: MemberOptions = {}) {
  const client = new WebClient(token, {
    slackApiUrl: apiUrl || undefined,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: options.timeoutMs ?? 10_000,
    // A failed call is the courier's to report (it keeps the error on the invitation and retries).
    ...(options.logger ? { logger: quiet(options.logger) } : { logLevel: LogLevel.ERROR }),
  });
  return { findMember: memberFinder(client), members: memberDirectory(client, options) };
}

/**
 * slackMembers for every workspace, each with its own token (and member list): a workspace the app
 * is not installed in has no members to offer (invitations then go by email).
 */
export function workspaceMembers(tokens: WorkspaceTokens, apiUrl: string, options: MemberOptions = {}) {
  const known = new Map<string, { token: string; members: ReturnType<typeof slackMembers> }>();
  async function membersOf(workspace: string) {
    const token = await tokens.botToken(workspace);
    if (!token) return undefined;
    let entry = known.get(workspace);
    // A rotated token gets a client (and a member list) of its own.
    if (entry?.token !== token) {
      const members = slackMembers(token, apiUrl, { ...options, ...(workspace ? { teamId: workspace } : {}) });
      known.set(workspace, (entry = { token, members }));
    }
    return entry.members;
  }
  return {
    findMember: async (workspace: string, email: string) => (await membersOf(workspace))?.findMember(email) ?? null,
    members: async (workspace: string, signal?: AbortSignal): Promise<ReadonlyMap<string, SlackMember>> =>
      (await membersOf(workspace))?.members(signal) ?? new Map(),
  };
}

/** The app's logger for the client, at error level only. */
function quiet(logger: Logger) {
  const bolt = boltLogger(logger.child({ worker: 'invitations' }));
  bolt.setLevel(LogLevel.ERROR);
  return bolt;
}

function busy(method: string, error: unknown): unknown {
  const limited = error as { code?: string; retryAfter?: number };
  return limited.code === ErrorCode.RateLimitedError ? new SlackBusyError(method, limited.retryAfter ?? 60) : error;
}

/** The workspace member with this email (users.lookupByEmail), or null when there is none. */
function memberFinder(client: WebClient) {
  return async (email: string): Promise<SlackMember | null> => {
    try {
      const found = await client.users.lookupByEmail({ email });
      const user = found.user;
      if (!user?.id || user.deleted || user.is_bot) return null;
      return { teamId: user.team_id ?? '', userId: user.id };
    } catch (error) {
      if ((error as { data?: { error?: string } }).data?.error === 'users_not_found') return null;
      throw busy('users.lookupByEmail', error);
    }
  };
}

/**
 * Every member of the workspace by lower-case email (users.list, paged with its cursor; deleted
 * users, bots and members without an email left out). Read once and reused for `directoryTtlMs`;
 * calls are kept within `listPerMinute` and a Retry-After is respected. A read interrupted by a
 * rate limit or `signal` continues from its cursor next time. While a fresh read can't be made,
 * the last complete one is used.
 */
function memberDirectory(client: WebClient, options: MemberOptions) {
  const ttlMs = options.directoryTtlMs ?? 10 * 60_000;
  const perMinute = options.listPerMinute ?? 20;
  const pageSize = options.pageSize ?? 200;
  const clock = options.clock ?? Date.now;
  let complete: { members: Map<string, SlackMember>; at: number } | undefined;
  let partial: { members: Map<string, SlackMember>; cursor: string } | undefined;
  let waitUntil = 0;
  const calls: number[] = [];
  let reading: Promise<ReadonlyMap<string, SlackMember>> | undefined;

  /** Throws SlackBusyError rather than call users.list too often. */
  function pace() {
    const now = clock();
    while (calls.length && calls[0]! <= now - 60_000) calls.shift();
    if (calls.length >= perMinute) waitUntil = Math.max(waitUntil, calls[0]! + 60_000);
    if (now < waitUntil) throw new SlackBusyError('users.list', Math.ceil((waitUntil - now) / 1000));
    calls.push(now);
  }

  async function read(signal?: AbortSignal): Promise<ReadonlyMap<string, SlackMember>> {
    const page = (partial ??= { members: new Map(), cursor: '' });
    do {
      signal?.throwIfAborted();
      pace();
      const answer = await client.users
        .list({
          limit: pageSize,
          ...(options.teamId ? { team_id: options.teamId } : {}),
          ...(page.cursor ? { cursor: page.cursor } : {}),
        })
        .catch((error: unknown) => {
          const failure = busy('users.list', error);
          if (failure instanceof SlackBusyError) waitUntil = clock() + failure.retryAfterSeconds * 1000;
          // A cursor Slack no longer knows: start over next time.
          if ((error as { data?: { error?: string } }).data?.error === 'invalid_cursor') partial = undefined;
          throw failure;
        });
      for (const user of answer.members ?? []) {
        const email = user.profile?.email?.toLowerCase();
        if (!user.id || user.deleted || user.is_bot || !email) continue;
        page.members.set(email, { teamId: user.team_id ?? '', userId: user.id });
      }
      page.cursor = answer.response_metadata?.next_cursor ?? '';
    } while (page.cursor);
    partial = undefined;
    complete = { members: page.members, at: clock() };
    return page.members;
  }

  return async (signal?: AbortSignal): Promise<ReadonlyMap<string, SlackMember>> => {
    if (complete && clock() - complete.at < ttlMs) return complete.members;
    reading ??= read(signal).finally(() => (reading = undefined));
    try {
      return await reading;
    } catch (error) {
      if (complete && error instanceof SlackBusyError) return complete.members;
      throw error;
    }
  };
}
