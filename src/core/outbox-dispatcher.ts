import type { Database } from '../db/client.ts';
import { RepeatedErrors, type Logger } from './logger.ts';
import type { NoticeData } from './notices.rules.ts';
import type { Destination, OutboxStatus } from './outbox.rules.ts';
import { releaseHeldNotices } from './outbox.ts';

/** Where a notice goes relative to an earlier message of the same workspace and destination. */
export interface Delivery {
  /** Replace this message. */
  replaces?: string;
  /** Reply in the thread of this message. */
  inThreadOf?: string;
}

/**
 * Sends one notice with the token of its workspace; returns the receiver's id for the message.
 * Throws a DeliveryError when it could not — a NoTokenError when the workspace has no working token.
 */
export interface NoticeTransport {
  send(to: Destination, notice: NoticeData, delivery?: Delivery): Promise<{ externalId?: string } | void>;
  /**
   * Sends the first of `notices` (in order, each whole) that fit one message; says how many that
   * was. Without it, every notice is a message of its own.
   */
  sendDigest?(to: Destination, notices: NoticeData[]): Promise<{ included: number }>;
  /**
   * Whether the workspace has a token now. When given, a starting dispatcher sends again the notices
   * held for workspaces that have one (e.g. SLACK_BOT_TOKEN replaced and the app restarted).
   */
  hasToken?(workspace: string): Promise<boolean>;
}

export class DeliveryError extends Error {
  constructor(
    message: string,
    /** false: sending again can't help (e.g. the channel does not exist). */
    readonly retryable: boolean,
    /** What the receiver asked us to wait (HTTP 429 Retry-After). */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

/**
 * The workspace has no token (never installed, uninstalled, tokens revoked) or Slack no longer takes
 * it: its notices are held — neither an attempt nor a failure — until it is installed again.
 */
export class NoTokenError extends DeliveryError {
  constructor(
    readonly workspace: string,
    /** Why, without the token: "no token", or what Slack said. */
    reason: string,
    /** Slack refused the token it has (revoked, expired…): having one says nothing until an install. */
    readonly slackRefused = false,
  ) {
    super(reason, true);
    this.name = 'NoTokenError';
  }
}

export interface DispatcherOptions {
  /** How long a claimed row stays ours; after it, another dispatcher may take it over. */
  leaseMs: number;
  /** At most one notice per workspace and destination in this interval (Slack: ~1 message/s per channel). */
  perDestinationIntervalMs: number;
  /**
   * At most this many queued notices of one destination go as one message (a digest), so a burst
   * is announced within seconds, not at one message a second. Keyed notices (revised or followed
   * up later) always go alone.
   */
  digestSize: number;
  /** How many destinations to serve per round. */
  batchSize: number;
  /** How long to wait when there is nothing to send. */
  idleMs: number;
  /** Attempts before a retryable failure is given up. */
  maxAttempts: number;
  /** Wait before retry number `attempt` (1-based), when the receiver did not say. */
  backoffMs(attempt: number): number;
  /** Hears of a notice given up (it is logged as a warning either way). */
  onGiveUp?(message: { id: bigint; workspace: string; destination: string; error: string }): void;
}

const defaultDispatcherOptions: DispatcherOptions = {
  leaseMs: 60_000,
  perDestinationIntervalMs: 1_000,
  digestSize: 25,
  batchSize: 20,
  idleMs: 250,
  maxAttempts: 8,
  backoffMs: (attempt) => Math.min(1_000 * 2 ** (attempt - 1), 5 * 60_000),
};

/** Larger than any outbox id (a bigint). */
const MAX_ID = 9_223_372_036_854_775_807n;

/** A notice no later one refers to (by key) and that refers to none: it may go in a digest. */
const isPlain = (row: ClaimedRow) => !row.key && !row.revisesKey && !row.followsUpKey;

interface ClaimedRow {
  id: bigint;
  workspace: string;
  destination: string;
  notice: NoticeData;
  attempts: number;
  key: string | null;
  revisesKey: string | null;
  followsUpKey: string | null;
}

const destinationOf = (row: ClaimedRow): Destination => ({ workspace: row.workspace, channel: row.destination });

/** Workspaces found without a token in one round, with how many notices were held for each. */
type Held = Map<string, { notices: number; reason: string }>;

/**
 * Sends the outbox: in order per (workspace, destination), at most one notice per destination per
 * interval, retrying what can be retried. Rows are claimed with FOR UPDATE SKIP LOCKED and a lease,
 * so several dispatchers on one database send each notice once, and a crash loses nothing. A
 * workspace without a token has its notices held (status `held`, never claimed) until it is
 * installed again: the installation sets them pending again.
 */
export class OutboxDispatcher {
  private readonly options: DispatcherOptions;
  private running: Promise<void> | undefined;
  private stopping = false;
  private wakeUp: (() => void) | undefined;
  private readonly logger: Logger;
  /** Failures to read the outbox (the database down): once a minute with a count, not per round. */
  private readonly failures: RepeatedErrors;

  constructor(
    private readonly db: Database,
    private readonly transport: NoticeTransport,
    logger: Logger,
    options: Partial<DispatcherOptions> = {},
  ) {
    this.options = { ...defaultDispatcherOptions, ...options };
    this.logger = logger.child({ worker: 'outbox' });
    this.failures = new RepeatedErrors(this.logger);
  }

  start(): void {
    if (this.running) return;
    this.stopping = false;
    this.running = this.releaseHeldWithTokens().then(() => this.loop());
  }

  /** Notices held for a workspace that has a token now go back to the queue (see hasToken). */
  private async releaseHeldWithTokens(): Promise<void> {
    if (!this.transport.hasToken) return;
    try {
      const held = await this.db.$queryRaw<{ workspace: string }[]>`
        SELECT DISTINCT workspace FROM outbox_message WHERE status = 'held'`;
      for (const { workspace } of held) {
        if (!(await this.transport.hasToken(workspace))) continue;
        const released = await releaseHeldNotices(this.db, [workspace]);
        this.logger.info(
          { workspace, notices: released },
          'outbox: the workspace has a token again; its held notices go',
        );
      }
    } catch (error) {
      this.failures.error(error, 'outbox: cannot read the outbox, will keep trying');
    }
  }

  /** Finishes the round in progress, then stops. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wakeUp?.();
    await this.running;
    this.running = undefined;
  }

  /** Sends what is due now, one notice per destination. Returns how many were attempted. */
  async runOnce(): Promise<number> {
    const claimed = await this.claim();
    const held: Held = new Map();
    await Promise.all(claimed.map((head) => this.deliverFrom(head, held)));
    // Once per round and workspace, not per notice; never the token.
    for (const [workspace, { notices, reason }] of held) {
      this.logger.info(
        { workspace, notices, reason },
        'outbox: the workspace has no working Slack token; its notices are held until it is installed again',
      );
    }
    return claimed.length;
  }

  /** Sends a destination's oldest notice — with those queued behind it, when they can go as one. */
  private async deliverFrom(head: ClaimedRow, held: Held): Promise<void> {
    const followers = this.transport.sendDigest && isPlain(head) ? await this.claimFollowers(head) : [];
    if (followers.length) await this.deliverDigest([head, ...followers], held);
    else await this.deliver(head, held);
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      let attempted = 0;
      try {
        attempted = await this.runOnce();
        this.failures.recovered('outbox: the database answers again; sending resumes');
      } catch (error) {
        // The rows wait safely in the outbox; the next round tries again.
        this.failures.error(error, 'outbox: cannot read the outbox, will keep trying');
      }
      if (attempted === 0 && !this.stopping) await this.idle();
    }
  }

  private idle(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, this.options.idleMs);
      this.wakeUp = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  // Only the oldest pending row of each (workspace, destination) is eligible (order per
  // destination), and only once the destination's last send is an interval old (rate per
  // destination). Held rows are never claimed.
  private claim(): Promise<ClaimedRow[]> {
    const { leaseMs, perDestinationIntervalMs, batchSize } = this.options;
    return this.db.$queryRaw<ClaimedRow[]>`
      UPDATE outbox_message SET leased_until = now() + ${leaseMs} * interval '1 millisecond',
                                attempts = attempts + 1
      WHERE id IN (
        SELECT head.id FROM outbox_message head
        WHERE head.status = 'pending'
          AND head.next_attempt_at <= now()
          AND (head.leased_until IS NULL OR head.leased_until < now())
          AND NOT EXISTS (
            SELECT 1 FROM outbox_message earlier
            WHERE earlier.workspace = head.workspace AND earlier.destination = head.destination
              AND earlier.status = 'pending' AND earlier.id < head.id)
          AND NOT EXISTS (
            SELECT 1 FROM outbox_message recent
            WHERE recent.workspace = head.workspace AND recent.destination = head.destination
              AND recent.sent_at > now() - ${perDestinationIntervalMs} * interval '1 millisecond')
        ORDER BY head.id
        LIMIT ${batchSize}
        FOR UPDATE SKIP LOCKED)
      RETURNING id, workspace, destination, notice, attempts, key, revises_key AS "revisesKey", follows_up_key AS "followsUpKey"`;
  }

  /**
   * The plain notices queued right behind `head` for its workspace and destination, due and not held by anyone,
   * up to the first that isn't (to keep the order), at most digestSize with the head. Only the
   * holder of a destination's head claims these: every other dispatcher sees the head first.
   */
  private async claimFollowers(head: ClaimedRow): Promise<ClaimedRow[]> {
    const { leaseMs, digestSize } = this.options;
    const rows = await this.db.$queryRaw<ClaimedRow[]>`
      UPDATE outbox_message SET leased_until = now() + ${leaseMs} * interval '1 millisecond',
                                attempts = attempts + 1
      WHERE id IN (
        SELECT id FROM outbox_message
        WHERE workspace = ${head.workspace} AND destination = ${head.destination}
          AND status = 'pending' AND id > ${head.id}
          AND id < coalesce((
            SELECT min(id) FROM outbox_message stop
            WHERE stop.workspace = ${head.workspace} AND stop.destination = ${head.destination}
              AND stop.status = 'pending' AND stop.id > ${head.id}
              AND (stop.key IS NOT NULL OR stop.revises_key IS NOT NULL OR stop.follows_up_key IS NOT NULL
                   OR stop.next_attempt_at > now() OR stop.leased_until >= now())), ${MAX_ID})
        ORDER BY id
        LIMIT ${digestSize - 1})
      RETURNING id, workspace, destination, notice, attempts, key, revises_key AS "revisesKey", follows_up_key AS "followsUpKey"`;
    return rows.sort((a, b) => (a.id < b.id ? -1 : 1));
  }

  /** Sends notices as one message; those that didn't fit go back to the queue, first in line. */
  private async deliverDigest(rows: ClaimedRow[], held: Held): Promise<void> {
    let included: number;
    try {
      ({ included } = await this.transport.sendDigest!(
        destinationOf(rows[0]!),
        rows.map((row) => row.notice),
      ));
    } catch (error) {
      if (error instanceof NoTokenError) await this.hold(rows, error, held);
      else await Promise.all(rows.map((row) => this.recordFailure(row, error)));
      return;
    }
    const ids = (from: number, to?: number) => rows.slice(from, to).map((row) => row.id);
    await this.db.$executeRaw`
      UPDATE outbox_message SET status = 'sent', sent_at = now(), leased_until = NULL, last_error = NULL
      WHERE id = ANY(${ids(0, included)})`;
    await this.db.$executeRaw`
      UPDATE outbox_message SET leased_until = NULL, attempts = attempts - 1 WHERE id = ANY(${ids(included)})`;
  }

  private async deliver(row: ClaimedRow, held: Held): Promise<void> {
    let externalId: string | undefined;
    try {
      const sent = await this.transport.send(destinationOf(row), row.notice, await this.deliveryOf(row));
      externalId = sent?.externalId;
    } catch (error) {
      if (error instanceof NoTokenError) await this.hold([row], error, held);
      else await this.recordFailure(row, error);
      return;
    }
    // Times come from the database clock, which every dispatcher shares.
    await this.db.$executeRaw`
      UPDATE outbox_message
      SET status = 'sent', sent_at = now(), leased_until = NULL, last_error = NULL, external_id = ${externalId ?? null}
      WHERE id = ${row.id}`;
  }

  /**
   * Finds the messages a notice revises or follows up on, in its workspace and destination (sent
   * earlier: the queue is in order).
   */
  private async deliveryOf(row: ClaimedRow): Promise<Delivery> {
    const messageOf = async (key: string | null) => {
      if (!key) return undefined;
      const earlier = await this.db.outboxMessage.findUnique({
        where: { workspace_destination_key: { workspace: row.workspace, destination: row.destination, key } },
        select: { externalId: true, status: true },
      });
      // Held with its workspace's notices: this waits with them (held too), in order, for the re-install.
      if (earlier?.status === 'held') {
        throw new NoTokenError(row.workspace, `the message “${key}” it refers to waits for its workspace`);
      }
      if (earlier?.status === 'pending') {
        throw new DeliveryError(`the message “${key}” it refers to is not sent yet`, true);
      }
      if (!earlier?.externalId) throw new DeliveryError(`the message “${key}” it refers to was never sent`, false);
      return earlier.externalId;
    };
    return { replaces: await messageOf(row.revisesKey), inThreadOf: await messageOf(row.followsUpKey) };
  }

  /**
   * Holds the notices of a workspace without a token: these (claimed) rows, not counting the
   * attempt, and its other pending rows no one else holds, so its queue keeps its order until the
   * workspace is installed again (which sets them pending).
   */
  private async hold(rows: ClaimedRow[], error: NoTokenError, held: Held): Promise<void> {
    const ids = rows.map((row) => row.id);
    const count = await this.db.$executeRaw`
      UPDATE outbox_message
      SET status = 'held', last_error = ${error.message}, leased_until = NULL,
          attempts = CASE WHEN id = ANY(${ids}) THEN attempts - 1 ELSE attempts END
      WHERE workspace = ${error.workspace} AND status = 'pending'
        AND (id = ANY(${ids}) OR leased_until IS NULL OR leased_until < now())`;
    const before = held.get(error.workspace);
    held.set(error.workspace, { notices: (before?.notices ?? 0) + count, reason: error.message });
    // An install may have released this workspace's notices between our token look-up and the
    // hold: if it has a token now, they go back to the queue rather than wait for the next install.
    if (!error.slackRefused && this.transport.hasToken && (await this.transport.hasToken(error.workspace))) {
      await releaseHeldNotices(this.db, [error.workspace]);
    }
  }

  private async recordFailure(row: ClaimedRow, error: unknown): Promise<void> {
    const failure = error instanceof DeliveryError ? error : new DeliveryError(String(error), true);
    const giveUp = !failure.retryable || row.attempts >= this.options.maxAttempts;
    const waitMs = Math.max(failure.retryAfterMs ?? 0, this.options.backoffMs(row.attempts));
    const about = {
      notice: String(row.id),
      workspace: row.workspace,
      destination: row.destination,
      attempts: row.attempts,
      error: failure.message,
    };
    if (giveUp) {
      this.logger.warn(about, 'outbox: gave up on a notice');
      this.options.onGiveUp?.({
        id: row.id,
        workspace: row.workspace,
        destination: row.destination,
        error: failure.message,
      });
    } else {
      this.logger.debug({ ...about, retryInMs: waitMs }, 'outbox: a notice was not sent; it will be tried again');
    }
    const status: OutboxStatus = giveUp ? 'failed' : 'pending';
    await this.db.$executeRaw`
      UPDATE outbox_message
      SET status = ${status}::outbox_status, last_error = ${failure.message}, leased_until = NULL,
          next_attempt_at = now() + ${waitMs} * interval '1 millisecond'
      WHERE id = ${row.id}`;
  }
}
