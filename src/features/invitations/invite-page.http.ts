import type { IncomingMessage, ServerResponse } from 'node:http';
import { HTTPModuleFunctions, type ReceiverDispatchErrorHandlerArgs } from '@slack/bolt';
import type { Database } from '../../db/client.ts';
import { ValidationError } from '../../core/errors.ts';
import { newId, type Logger } from '../../core/logger.ts';
import { databaseTrouble } from '../../db/errors.ts';
import { acceptWithPassword, inspectInvitationLink, type LinkState } from './invitation-acceptance.ts';
import { inspectPasswordLink, setPasswordWithLink, type PasswordLinkState } from './password-link-acceptance.ts';
import type { ServiceSettings } from '../../core/settings.ts';
import {
  acceptForm,
  closedPage,
  closedPasswordPage,
  passwordSetPage,
  setPasswordForm,
  welcomePage,
} from './invite-page.html.ts';

const MAX_BODY_BYTES = 16 * 1024;

// The token is in the URL: no referrer may carry it elsewhere, no cache may keep the page.
const HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
};

const STATUS: Record<LinkState['state'], number> = {
  open: 200,
  unknown: 404,
  replaced: 410,
  held: 409,
  expired: 410,
  revoked: 410,
  accepted: 410,
  declined: 410,
};

const PASSWORD_STATUS: Record<PasswordLinkState['state'], number> = {
  open: 200,
  unknown: 404,
  used: 410,
  inactive: 403,
  replaced: 410,
  expired: 410,
};

function send(response: ServerResponse, status: number, html: string) {
  response.writeHead(status, HEADERS);
  response.end(html);
}

async function readForm(request: IncomingMessage): Promise<URLSearchParams | null> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/** The page for a link to set one's password; undefined when the token is no such link. */
async function passwordPage(db: Database, token: string, form: URLSearchParams | undefined) {
  const link = await inspectPasswordLink(db, token);
  if (link.state === 'unknown') return undefined;
  if (link.state !== 'open') return { status: PASSWORD_STATUS[link.state], html: closedPasswordPage(link) };
  if (!form) return { status: 200, html: setPasswordForm(link) };
  const typed = { password: form.get('password') ?? '', passwordConfirmation: form.get('passwordConfirmation') ?? '' };
  try {
    const outcome = await setPasswordWithLink(db, token, typed);
    if (outcome.state === 'set') return { status: 200, html: passwordSetPage(outcome) };
    if (outcome.state === 'open') throw new Error('an open password link was not used');
    return { status: PASSWORD_STATUS[outcome.state], html: closedPasswordPage(outcome) };
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    const now = await inspectPasswordLink(db, token);
    if (now.state !== 'open') return { status: PASSWORD_STATUS[now.state], html: closedPasswordPage(now) };
    return { status: 400, html: setPasswordForm(now, error.fields) };
  }
}

/**
 * `GET /invites/<token>` shows the page for a link: an invitation (name and password) or a link to
 * set one's password (the password alone); `POST` accepts it, or sets the password. A failure is
 * logged with a ref the page shows (never the token or what was typed); the database out of reach
 * or busy is a 503 saying to try again.
 */
export function invitePageRoute(db: Database, settings: ServiceSettings, logger: Logger) {
  return {
    path: '/invites/:token',
    method: ['GET', 'POST'],
    // Bolt passes the path's parameters on the request.
    handler: async (request: IncomingMessage & { params?: object }, response: ServerResponse) => {
      const token = String((request.params as { token?: string } | undefined)?.token ?? '');
      try {
        const form = request.method === 'GET' ? undefined : await readForm(request);
        if (form === null) return send(response, 413, closedPage({ state: 'unknown' }));
        const forPassword = await passwordPage(db, token, form);
        if (forPassword) return send(response, forPassword.status, forPassword.html);
        if (!form) {
          const state = await inspectInvitationLink(db, token);
          return send(response, STATUS[state.state], state.state === 'open' ? acceptForm(state) : closedPage(state));
        }
        const typed = {
          firstName: form.get('firstName') ?? '',
          lastName: form.get('lastName') ?? '',
          password: form.get('password') ?? '',
          passwordConfirmation: form.get('passwordConfirmation') ?? '',
        };
        try {
          const outcome = await acceptWithPassword(db, settings, token, typed);
          if (outcome.state === 'joined') return send(response, 200, welcomePage(outcome));
          if (outcome.state === 'open') throw new Error('an open invitation was not accepted');
          return send(response, STATUS[outcome.state], closedPage(outcome));
        } catch (error) {
          if (!(error instanceof ValidationError)) throw error;
          const state = await inspectInvitationLink(db, token);
          if (state.state !== 'open') return send(response, STATUS[state.state], closedPage(state));
          return send(response, 400, acceptForm(state, typed, error.fields));
        }
      } catch (error) {
        const ref = newId();
        const trouble = databaseTrouble(error);
        logger[trouble ? 'warn' : 'error']({ ref, err: error }, `The invitation page failed (${request.method})`);
        response.writeHead(trouble ? 503 : 500, { 'content-type': 'text/plain; charset=utf-8' });
        response.end(`Something went wrong on our side (ref ${ref}). Try again in a minute.`);
      }
    },
  };
}

/**
 * Bolt's dispatch error handler, except for a mangled invitation link (bad percent-encoding, which
 * fails before our route runs): that gets the "not valid" page.
 */
export function invitePageErrors(args: ReceiverDispatchErrorHandlerArgs): void {
  if (args.request.url?.startsWith('/invites/') && args.error instanceof URIError) {
    return send(args.response, STATUS.unknown, closedPage({ state: 'unknown' }));
  }
  HTTPModuleFunctions.defaultDispatchErrorHandler(args);
}
