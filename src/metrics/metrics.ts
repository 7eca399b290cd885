import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { poolOf, type Database } from '../db/client.ts';

/** How a Slack request ended: answered, refused with a reason the person reads, or failed on our side. */
export type RequestOutcome = 'ok' | 'refused' | 'error';

/** What the Slack side reports to the metrics. */
export interface RequestMetrics {
  observeRequest(kind: string, name: string, outcome: RequestOutcome, seconds: number): void;
}

/**
 * The app's Prometheus series (prom-client): Slack requests by kind, name and outcome with their
 * latency, and — read from the database at each scrape — the notice backlog, invitations,
 * timers due, and the connection pool, besides Node's own (memory, event loop, GC).
 */
export class Metrics implements RequestMetrics {
  readonly registry = new Registry();
  private readonly requests: Counter<'kind' | 'name' | 'outcome'>;
  private readonly latency: Histogram<'kind' | 'name'>;

  constructor(db: Database) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'switchboard_' });
    this.requests = new Counter({
      name: 'switchboard_slack_requests_total',
      help: 'Slack requests answered, by kind (command, view_submission, block_actions, block_suggestion, event), name and outcome (ok, refused, error)',
      labelNames: ['kind', 'name', 'outcome'],
      registers,
    });
    this.latency = new Histogram({
      name: 'switchboard_slack_request_duration_seconds',
      help: 'Time from a Slack request reaching the app to its listener finishing',
      labelNames: ['kind', 'name'],
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    });
    new Gauge({
      name: 'switchboard_notices',
      help: 'Notices in the outbox by status: pending (queued), held (their workspace has no token), failed, sent',
      labelNames: ['status'],
      registers,
      async collect() {
        const rows = await db.$queryRaw<{ status: string; count: bigint }[]>`
          SELECT status::text, count(*) FROM outbox_message GROUP BY status`;
        this.reset();
        for (const status of ['pending', 'held', 'failed', 'sent']) this.set({ status }, 0);
        for (const row of rows) this.set({ status: row.status }, Number(row.count));
      },
    });
    new Gauge({
      name: 'switchboard_notice_oldest_queued_seconds',
      help: 'Age of the oldest notice waiting to be sent (0 when none is)',
      registers,
      async collect() {
        const [row] = await db.$queryRaw<{ age: number | null }[]>`
          SELECT extract(epoch FROM now() - min(created_at))::float8 AS age FROM outbox_message WHERE status = 'pending'`;
        this.set(row?.age ?? 0);
      },
    });
    new Gauge({
      name: 'switchboard_invitations',
      help: 'Invitations by state: pending (sent, not answered), undelivered (delivery failed, retrying), waiting_license',
      labelNames: ['state'],
      registers,
      async collect() {
        const [row] = await db.$queryRaw<{ pending: bigint; undelivered: bigint; waiting: bigint }[]>`
          SELECT count(*) FILTER (WHERE status = 'sent') AS pending,
                 count(*) FILTER (WHERE status = 'sent' AND last_error IS NOT NULL) AS undelivered,
                 count(*) FILTER (WHERE status = 'waiting_license') AS waiting
          FROM invitation`;
        this.set({ state: 'pending' }, Number(row?.pending ?? 0));
        this.set({ state: 'undelivered' }, Number(row?.undelivered ?? 0));
        this.set({ state: 'waiting_license' }, Number(row?.waiting ?? 0));
      },
    });
    new Gauge({
      name: 'switchboard_timers_due',
      help: 'Timers past due and not yet run: admin-rights requests to expire or remind of, grants to end',
      registers,
      async collect() {
        const [row] = await db.$queryRaw<{ due: bigint }[]>`
          SELECT (SELECT count(*) FROM admin_request
                  WHERE status = 'pending' AND (expires_at <= now() OR (remind_at <= now() AND reminded_at IS NULL)))
               + (SELECT count(*) FROM admin_grant WHERE ended_at IS NULL AND ends_at <= now()) AS due`;
        this.set(Number(row?.due ?? 0));
      },
    });
    const pool = poolOf(db);
    new Gauge({
      name: 'switchboard_db_pool_connections',
      help: 'The database connection pool: connections open (total), idle, and requests waiting for one',
      labelNames: ['state'],
      registers,
      collect() {
        this.set({ state: 'total' }, pool.totalCount);
        this.set({ state: 'idle' }, pool.idleCount);
        this.set({ state: 'waiting' }, pool.waitingCount);
      },
    });
    new Gauge({
      name: 'switchboard_db_pool_max',
      help: 'The most connections the pool opens (DB_POOL_SIZE)',
      registers,
      collect() {
        this.set(pool.options.max ?? 10);
      },
    });
  }

  observeRequest(kind: string, name: string, outcome: RequestOutcome, seconds: number): void {
    this.requests.inc({ kind, name, outcome });
    this.latency.observe({ kind, name }, seconds);
  }
}

/**
 * `GET /metrics` in Prometheus' text format. With a token, a scrape must send it as
 * `Authorization: Bearer <token>` (401 otherwise).
 */
export function metricsRoute(metrics: Metrics, token: string | undefined) {
  return {
    path: '/metrics',
    method: ['GET'],
    handler: async (request: IncomingMessage, response: ServerResponse) => {
      if (token && !bearerMatches(request.headers.authorization, token)) {
        response.writeHead(401, { 'www-authenticate': 'Bearer' });
        response.end();
        return;
      }
      try {
        const text = await metrics.registry.metrics();
        response.writeHead(200, { 'content-type': metrics.registry.contentType });
        response.end(text);
      } catch {
        // A series read from the database failed (it is down): /readyz says why.
        response.writeHead(503, { 'content-type': 'text/plain' });
        response.end('metrics unavailable: the database does not answer\n');
      }
    },
  };
}

function bearerMatches(header: string | undefined, token: string): boolean {
  const given = Buffer.from(/^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1] ?? '');
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
