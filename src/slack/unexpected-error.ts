import { ErrorCode, type CodedError, type Context, type RespondArguments } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { newId, RepeatedErrors, type Logger } from '../core/logger.ts';
import { databaseTrouble } from '../db/errors.ts';
import { messageHome } from './modals.blocks.ts';
import { describeRequest, type RequestBody } from './request-context.ts';
import { somethingWentWrong } from './respond-error.ts';
import { tellPrivately, type Respond } from './tell.ts';

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
 * this handler is unexpected. It logs the error with what was asked and the request's id, and
 * tells the person that something went wrong on our side, quoting that id as the "ref" — on the
 * response_url when the request has one, in a modal for a click in App Home or a modal, on the
 * Home tab when App Home could not be shown. A submission or a menu search was already answered by
 * its helper. It never throws, so Bolt never answers Slack with a 500 because of our code.
 *
 * The database out of reach is said in those words, and logged once a minute with a count rather
 * than once per request (each request's id is at debug); a lock wait or statement that ran out of
 * time is a warning without a stack. Nothing typed is logged: only the request's kind and ids.
 */
export function unexpectedErrorHandler(clientFor: (token: string | undefined) => WebClient, logger: Logger) {
  const databaseDown = new RepeatedErrors(logger);
  return async ({ error, body, context }: { error: CodedError; body: unknown; context?: Context }): Promise<void> => {
    // The request's workspace's token: Bolt's authorize found it (in distribution mode, there is no other).
    const client = clientFor(context?.botToken);
    const request = body as RequestBody;
    const asked = describeRequest(request);
    const ref = typeof context?.requestId === 'string' ? context.requestId : newId();
    const log = (context?.logger as Logger | undefined) ?? logger.child({ requestId: ref });
    if (error.code === ErrorCode.AuthorizationError) {
      log.error({ request: asked, err: error }, `Slack's request for ${asked} could not be authorized`);
      return;
    }
    const causes = originals(error);
    for (const cause of causes) {
      const trouble = databaseTrouble(cause);
      if (trouble === 'unreachable') {
        log.debug({ request: asked }, `The database could not be reached answering ${asked}`);
        databaseDown.error(cause, 'The database cannot be reached; people are told to try again', { requestId: ref });
      } else if (trouble === 'busy') {
        log.warn({ request: asked, err: cause }, `The database was busy answering ${asked}`);
      } else {
        log.error({ request: asked, err: cause }, `Unexpected error answering ${asked}`);
      }
    }
    const words = somethingWentWrong(causes[0], ref);
    try {
      if (request.type === 'view_submission' || request.type === 'block_suggestion') return;
      if (request.event) {
        if (request.event.type === 'app_home_opened' && request.event.tab === 'home' && request.event.user) {
          await client.views.publish({ user_id: request.event.user, view: messageHome(words) });
        }
        return;
      }
      const respond = request.response_url ? respondTo(request.response_url) : undefined;
      await tellPrivately({ client, respond, body: request }, words, 'Something went wrong');
    } catch (failure) {
      log.error({ request: asked, err: failure }, `Could not tell the person about the error answering ${asked}`);
    }
  };
}
