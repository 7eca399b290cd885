import { AsyncLocalStorage } from 'node:async_hooks';
import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import { newId, type Logger } from '../core/logger.ts';
import type { RequestMetrics, RequestOutcome } from '../metrics/metrics.ts';

/** What the app knows of the Slack request being answered: its id, and a logger that writes it. */
export interface RequestScope {
  requestId: string;
  logger: Logger;
  /** Set by the answer helpers when the person was told no (refused) or that something failed (error). */
  outcome?: Exclude<RequestOutcome, 'ok'>;
}

const scope = new AsyncLocalStorage<RequestScope>();

/** The request whose listener is running, if any (the answer helpers and Bolt's logger ask). */
export function currentRequest(): RequestScope | undefined {
  return scope.getStore();
}

/** The parts of a request's body that say what was asked: its kind and ids, never what was typed. */
export interface RequestBody {
  type?: string;
  command?: string;
  user_id?: string;
  user?: { id?: string };
  actions?: { action_id?: string }[];
  action_id?: string;
  view?: { type?: string; callback_id?: string };
  event?: { type?: string; user?: string; tab?: string };
  response_url?: string;
  trigger_id?: string;
}

/**
 * What was asked, for the log: the kind of request, the command, action or callback id and who
 * asked — never the command's text, what was typed in a form, a button's value or metadata.
 */
export function describeRequest(body: RequestBody): string {
  const who = body.user_id ?? body.user?.id ?? body.event?.user;
  const by = who ? ` by ${who}` : '';
  if (body.command) return `command ${body.command}${by}`;
  if (body.type === 'block_actions') {
    return `${body.actions?.map((action) => action.action_id).join(', ') ?? '?'} (block_actions)${by}`;
  }
  if (body.type === 'view_submission' || body.type === 'view_closed') {
    return `${body.view?.callback_id ?? '?'} (${body.type})${by}`;
  }
  if (body.type === 'block_suggestion') return `${body.action_id ?? '?'} (block_suggestion)${by}`;
  if (body.event) return `event ${body.event.type ?? '?'}${by}`;
  return `a ${body.type ?? 'request'}${by}`;
}

/** A request's kind and name, as the metrics count them (never anything typed). */
export function requestKind(body: RequestBody): { kind: string; name: string } {
  if (body.command) return { kind: 'command', name: body.command };
  if (body.type === 'block_actions') return { kind: body.type, name: body.actions?.[0]?.action_id ?? '' };
  if (body.type === 'view_submission' || body.type === 'view_closed') {
    return { kind: body.type, name: body.view?.callback_id ?? '' };
  }
  if (body.type === 'block_suggestion') return { kind: body.type, name: body.action_id ?? '' };
  if (body.event) return { kind: 'event', name: body.event.type ?? '' };
  return { kind: body.type ?? 'other', name: '' };
}

/**
 * The app's first global middleware: gives each Slack request an id and a child logger carrying
 * it, in `context.requestId` / `context.logger`, and runs the rest of the request — listeners,
 * the answer helpers, Bolt's own logging through its logger — with them as the current request.
 * The id is the "ref" a person is told when something goes wrong. With metrics on, each request
 * is counted with its outcome and time.
 */
export function requestScope(logger: Logger, metrics?: RequestMetrics): Middleware<AnyMiddlewareArgs> {
  return async ({ context, body, next }) => {
    const started = performance.now();
    const requestId = newId();
    const child = logger.child({ requestId });
    context.requestId = requestId;
    context.logger = child;
    child.debug(`request: ${describeRequest(body as RequestBody)}`);
    const request: RequestScope = { requestId, logger: child };
    let failed = false;
    try {
      await scope.run(request, next);
    } catch (error) {
      failed = true;
      throw error;
    } finally {
      if (metrics) {
        const { kind, name } = requestKind(body as RequestBody);
        const outcome = failed ? 'error' : (request.outcome ?? 'ok');
        metrics.observeRequest(kind, name.slice(0, 64), outcome, (performance.now() - started) / 1000);
      }
    }
  };
}
