import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  type App,
  AuthorizationError,
  type BufferedIncomingMessage,
  HTTPModuleFunctions,
  HTTPReceiver,
  type HTTPReceiverOptions,
  type InstallationStore,
  type Logger,
  type ReceiverProcessEventErrorHandlerArgs,
  SocketModeReceiver,
  type SocketModeReceiverOptions,
} from '@slack/bolt';
import { checkEnvelopeShape, checkRequestShape } from './request-shape.rules.ts';
import { INSTALL_PATH, REDIRECT_PATH } from './install-paths.rules.ts';

/** Slack's tolerance for a request's timestamp, either way (Bolt enforces it only for old ones). */
const MAX_CLOCK_SKEW_SECONDS = 5 * 60;
const ENDPOINT = '/slack/events';

type Answer = (response: ServerResponse, status: number) => void;
const answer: Answer = (response, status) => HTTPModuleFunctions.buildNoBodyResponse(response, status);

/**
 * Bolt's HTTP receiver with a guard in front of its events endpoint: no request can crash the
 * process or get a 5xx. Bolt reads a request's body unchecked — `payload=null` or a JSON `null`
 * throws inside its receiver, where nothing catches it, and the process exits — and it refuses
 * only stale timestamps. The guard reads and verifies the request as Bolt does (same functions,
 * same 401 for a bad signature, 413 for a body over the limit), then refuses with 401 a timestamp
 * more than 5 minutes in the future, and with 400 a body that doesn't parse or isn't a well-formed
 * Slack request (request-shape.rules.ts); each refusal is one warning in the log, naming what is
 * wrong but no value. What passes goes on to Bolt already read (Bolt then uses the same bytes).
 * Anything Bolt still fails on before a listener answers gets 400 instead of Bolt's 500.
 */
class GuardedHTTPReceiver extends HTTPReceiver {
  private guardLogger: Logger | undefined;

  constructor(options: HTTPReceiverOptions, now: () => number = Date.now) {
    // The guard below verifies every request to the events endpoint with Bolt's own function
    // before Bolt sees it; Bolt checking the same bytes again would only double the cost. Bolt no
    // longer asks for the secret then, so the guard does: without it every request would be refused.
    if (!options.signingSecret) throw new Error('The HTTP receiver needs the signing secret');
    super({ processEventErrorHandler: unprocessable, ...options, signatureVerification: false });
    this.guardLogger = options.logger;
    const endpoints = [options.endpoints ?? ENDPOINT].flat();
    const bolt = this.requestListener;
    const guard = new RequestGuard(options, now, () => this.guardLogger);
    this.requestListener = (request, response) => {
      if (request.method?.toUpperCase() !== 'POST' || !endpoints.includes(pathOf(request))) {
        return bolt(request, response);
      }
      guard.screen(request, response).then(
        (passed) => passed && bolt(passed, response),
        (error: unknown) => {
          this.guardLogger?.error('Could not screen a Slack request:', error);
          if (!response.headersSent) answer(response, 400);
        },
      );
    };
  }

  override init(app: App): void {
    super.init(app);
    this.guardLogger = app.logger;
  }
}

/** The request's path; '' when Bolt would fail on its URL anyway (Bolt then answers it). */
function pathOf(request: IncomingMessage): string {
  try {
    return new URL(request.url ?? '', 'http://localhost').pathname;
  } catch {
    return '';
  }
}

class RequestGuard {
  constructor(
    private readonly options: HTTPReceiverOptions,
    private readonly now: () => number,
    private readonly logger: () => Logger | undefined,
  ) {}

  /** The request, read, when it may go on to Bolt; undefined when it was answered here. */
  async screen(request: IncomingMessage, response: ServerResponse): Promise<BufferedIncomingMessage | undefined> {
    const refuse = (status: number, why: string) => {
      this.logger()?.warn(`Refused a request to ${pathOf(request)} with ${status}: ${why}`);
      answer(response, status);
      return undefined;
    };
    let read: BufferedIncomingMessage;
    try {
      read = await HTTPModuleFunctions.parseAndVerifyHTTPRequest(
        {
          signingSecret: this.options.signingSecret,
          bodyLimit: this.options.bodyLimit ?? HTTPModuleFunctions.defaultBodyLimit,
          enabled: true,
        },
        request,
      );
    } catch (error) {
      if (HTTPModuleFunctions.isRawBodyError(error) && (error as { statusCode: number }).statusCode === 413) {
        return refuse(413, 'its body is over the size limit');
      }
      return refuse(401, `it failed Slack's signature check (${(error as Error).message})`);
    }
    let body: unknown;
    try {
      body = HTTPModuleFunctions.parseHTTPRequestBody(read);
    } catch {
      return refuse(400, 'its body (or its payload) is not valid JSON');
    }
    // Slack's SSL check is the one request that comes unsigned (Bolt answers it, and only it).
    const sslCheck =
      request.headers['content-type'] === 'application/x-www-form-urlencoded' &&
      (body as { ssl_check?: unknown } | null)?.ssl_check === '1';
    if (!sslCheck) {
      // Verified above, so the header is there and a number.
      const ahead = Number(request.headers['x-slack-request-timestamp']) - Math.floor(this.now() / 1000);
      if (ahead > MAX_CLOCK_SKEW_SECONDS) {
        return refuse(401, `it is signed ${ahead} s in the future (Slack allows 5 minutes either way)`);
      }
    }
    const shape = checkRequestShape(body);
    if (!shape.ok) return refuse(400, `not a well-formed Slack request: ${shape.problem}`);
    return read;
  }
}

/**
 * Bolt's processEventErrorHandler: what Bolt itself throws before a listener answers (the
 * listeners' own errors go to the app's error handler). The default answers 500; a request Bolt
 * can't process gets 400, logged as an error because the guard should have caught it.
 */
async function unprocessable({ error, logger, response }: ReceiverProcessEventErrorHandlerArgs): Promise<boolean> {
  if (response.headersSent) {
    logger.error('An error after the request was answered:', error);
    return false;
  }
  if (error instanceof AuthorizationError) {
    answer(response, 401);
    return true;
  }
  logger.error('Bolt could not process a request; answered 400:', error);
  answer(response, 400);
  return true;
}

type WsListener = (data: unknown, isBinary: boolean) => unknown;

/**
 * Bolt's Socket Mode receiver with the same guard on the connection: the Socket Mode client reads
 * every message unchecked (an envelope of `null`, an `events_api` envelope without an event, or a
 * type such as `error` throws inside it, and the process exits on the unhandled rejection). A
 * message that isn't a well-formed envelope with a well-formed request is logged and dropped —
 * acknowledged when it has an envelope id, so Slack doesn't deliver it again — and whatever the
 * client still fails on is logged instead of ending the process.
 */
class GuardedSocketModeReceiver extends SocketModeReceiver {
  private guardLogger: Logger | undefined;

  constructor(options: SocketModeReceiverOptions) {
    super(options);
    this.guardLogger = options.logger;
    const { client } = this;
    const readers = client.listeners('ws_message') as WsListener[];
    client.removeAllListeners('ws_message');
    client.on('ws_message', (data: unknown, isBinary: boolean) => {
      const logger = this.guardLogger;
      if (!isBinary) {
        const message = parseMessage(data);
        const shape = message ? checkEnvelopeShape(message.json) : { ok: false as const, problem: 'it is not JSON' };
        if (!shape.ok) {
          logger?.warn(`Ignored a Socket Mode message: ${shape.problem}`);
          if ('envelopeId' in shape && shape.envelopeId !== undefined) {
            // The client's own ack (private in its types; Bolt acks through it the same way).
            const sender = client as unknown as { send(id: string, body: object): Promise<void> };
            sender.send(shape.envelopeId, {}).catch((error: unknown) => {
              logger?.warn('Could not acknowledge an ignored Socket Mode message:', error);
            });
          }
          return;
        }
      }
      for (const read of readers) {
        Promise.resolve()
          .then(() => read.call(client, data, isBinary))
          .catch((error: unknown) => logger?.error('The Socket Mode client failed on a message:', error));
      }
    });
  }

  override init(app: App): void {
    super.init(app);
    this.guardLogger = app.logger;
  }
}

/** A Socket Mode text message's JSON; undefined when it isn't JSON. */
function parseMessage(data: unknown): { json: unknown } | undefined {
  try {
    return { json: JSON.parse(typeof data === 'string' ? data : new TextDecoder().decode(data as ArrayBuffer)) };
  } catch {
    return undefined;
  }
}

export interface ReceiverOptions {
  signingSecret: string;
  /** Socket Mode when set, HTTP otherwise. */
  appToken: string | undefined;
  port: number;
  customRoutes: HTTPReceiverOptions['customRoutes'];
  logLevel: HTTPReceiverOptions['logLevel'];
  logger?: Logger;
  /** The Web API client's options; in Socket Mode the connection is opened by a client of its own. */
  clientOptions: NonNullable<SocketModeReceiverOptions['installerOptions']>['clientOptions'];
  dispatchErrorHandler?: HTTPReceiverOptions['dispatchErrorHandler'];
  /** Distribution mode: install through `/slack/install` and `/slack/oauth_redirect` (Bolt's installer). */
  install?: InstallSettings;
  /** The clock the future-timestamp check reads (tests). */
  now?: () => number;
}

export interface InstallSettings {
  clientId: string;
  clientSecret: string;
  stateSecret: string;
  installationStore: InstallationStore;
  /** The bot scopes an install asks for (the manifest's). */
  scopes: string[];
}

/** Bolt's OAuth options for either receiver; none in single-workspace mode. */
function installerOf(options: ReceiverOptions) {
  const { install } = options;
  if (!install) return {};
  return {
    clientId: install.clientId,
    clientSecret: install.clientSecret,
    stateSecret: install.stateSecret,
    installationStore: install.installationStore,
    scopes: install.scopes,
    installerOptions: {
      installPath: INSTALL_PATH,
      redirectUriPath: REDIRECT_PATH,
      // oauth.v2.access and token rotation go to the same Slack API as everything else.
      clientOptions: options.clientOptions,
    },
  };
}

/**
 * The app's receiver, guarded: HTTP (events at POST /slack/events) or Socket Mode. Either way
 * `customRoutes` are served on `port`, and in distribution mode the install pages too.
 */
export function createReceiver(options: ReceiverOptions): HTTPReceiver | SocketModeReceiver {
  const { customRoutes, logLevel, logger } = options;
  if (options.appToken) {
    const installer = installerOf(options);
    return new GuardedSocketModeReceiver({
      appToken: options.appToken,
      ...installer,
      installerOptions: { ...installer.installerOptions, port: options.port, clientOptions: options.clientOptions },
      customRoutes,
      logLevel,
      logger,
    });
  }
  return new GuardedHTTPReceiver(
    {
      signingSecret: options.signingSecret,
      port: options.port,
      customRoutes,
      logLevel,
      logger,
      dispatchErrorHandler: options.dispatchErrorHandler,
      ...installerOf(options),
    },
    options.now,
  );
}
