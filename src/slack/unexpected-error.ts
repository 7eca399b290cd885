import { ErrorCode, type CodedError, type Logger, type RespondArguments } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { messageHome } from './modals.blocks.ts';
import { SOMETHING_WENT_WRONG } from './respond-error.ts';
import { tellPrivately, type Respond } from './tell.ts';

/** The parts of a request's body the handler reads: its kind and ids, never what was typed. */
interface RequestBody {
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
function describeRequest(body: RequestBody): string {
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

/** The errors behind the one Bolt passes on (it wraps what it doesn't know, and groups several). */
function originals(error: CodedError & { original?: unknown; originals?: unknown[] }): unknown[] {
  if (error.code === ErrorCode.MultipleListenerError && error.originals) return error.originals;
  if (error.code === ErrorCode.UnknownError && error.original) return [error.original];
  return [error];
}

/** A respond function for the request's response_url (Bolt gives the error handler none). */
function respondTo(url: string): Respond {
  return async (message: RespondArguments) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(message),
    });
    if (!response.ok) throw new Error(`the response_url answered ${response.status}`);
  };
}

/**
 * The app's one error handler (registered in app.ts with `extendedErrorHandler`). Listeners turn
 * refusals and broken payloads into words themselves, through the answer helpers; what reaches
 * this handler is unexpected. It logs the error with what was asked, and tells the person that
 * something went wrong on our side — on the response_url when the request has one, in a modal for
 * a click in App Home or a modal, on the Home tab when App Home could not be shown. A submission
 * or a menu search was already answered by its helper. It never throws, so Bolt never answers
 * Slack with a 500 because of our code.
 */
export function unexpectedErrorHandler(client: WebClient) {
  return async ({ error, logger, body }: { error: CodedError; logger: Logger; body: unknown }): Promise<void> => {
    const request = body as RequestBody;
    const asked = describeRequest(request);
    if (error.code === ErrorCode.AuthorizationError) {
      logger.error(`Slack's request for ${asked} could not be authorized:`, error);
      return;
    }
    for (const cause of originals(error)) logger.error(`Unexpected error answering ${asked}:`, cause);
    try {
      if (request.type === 'view_submission' || request.type === 'block_suggestion') return;
      if (request.event) {
        if (request.event.type === 'app_home_opened' && request.event.tab === 'home' && request.event.user) {
          await client.views.publish({ user_id: request.event.user, view: messageHome(SOMETHING_WENT_WRONG) });
        }
        return;
      }
      const respond = request.response_url ? respondTo(request.response_url) : undefined;
      await tellPrivately({ client, respond, body: request }, SOMETHING_WENT_WRONG, 'Something went wrong');
    } catch (failure) {
      logger.error(`Could not tell the person about the error answering ${asked}:`, failure);
    }
  };
}
