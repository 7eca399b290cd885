import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  checkMessage,
  checkOptionsResponse,
  checkView,
  checkViewSubmissionAck,
  slackErrorCode,
} from './block-kit-limits.ts';
import { watchRefusals } from './refusals.ts';

export interface RecordedCall {
  method: string;
  args: Record<string, any>;
  at: number;
  /** What the fake answered: ok, or Slack's error code. */
  outcome?: string;
}

export type Fault =
  | { kind: 'rateLimited'; retryAfterSeconds: number }
  | { kind: 'serverError'; status?: number }
  /** Slack answers ok: false with this error (and these response_metadata messages). */
  | { kind: 'platformError'; error: string; messages?: string[] }
  | { kind: 'slow'; delayMs: number }
  /** The connection is cut before any answer, as a network failure would. */
  | { kind: 'disconnect' };

export interface FakeSlackUser {
  id: string;
  teamId: string;
  name: string;
  realName: string;
  email: string;
  /** A deactivated account: Slack still lists it (users.list, users.info) with deleted: true. */
  deleted?: boolean;
  isBot?: boolean;
}

/** users.list's largest page: Slack refuses a larger limit. */
const MAX_LIST_LIMIT = 1000;
/** Slack's own bot, listed by users.list in every workspace (no email). */
const SLACKBOT: FakeSlackUser = { id: 'USLACKBOT', teamId: '', name: 'slackbot', realName: 'Slackbot', email: '' };

const TRIGGER_LIFETIME_MS = 3_000;
const MAX_VIEW_STACK = 3;

type Handler = (args: Record<string, any>) => Record<string, unknown>;

/** A screen Slack would have refused: where it was sent, Slack's error, and what Slack said. */
export interface Refusal {
  where: string;
  error: string;
  messages: string[];
}

/** What the app answered in an HTTP ack, by the kind of request it answered. */
export type AckKind = 'slash_command' | 'view_submission' | 'block_suggestion' | 'other';

/**
 * A stand-in for Slack's Web API on 127.0.0.1, strict where Slack is strict: it checks the bot
 * token, accepts each trigger_id once and for 3 seconds, refuses any view, message, response_url
 * body, ack or option list that breaks a Slack limit (block-kit-limits.ts) as Slack would, only
 * updates messages it has, and answers users.* from fixtures. Faults can be queued per method.
 *
 * Every refusal is also kept in `refusals`, and the test that caused it fails (refusals.ts) unless
 * it takes them with `takeRefusals()` — no test can pass while a screen was refused.
 */
export class FakeSlack {
  readonly calls: RecordedCall[] = [];
  /** Bodies POSTed to response_url addresses. */
  readonly responses: { id: string; body: Record<string, any> }[] = [];
  private readonly users = new Map<string, FakeSlackUser>();
  private readonly triggers = new Map<string, { issuedAt: number; used: boolean }>();
  private readonly messages = new Map<string, Map<string, Record<string, any>>>();
  private readonly viewStacks = new Map<string, string[]>();
  /** The App Home view last published for each user. */
  readonly homes = new Map<string, Record<string, any>>();
  /** Every view Slack shows now, by id: what was opened, pushed, updated or published. */
  private readonly views = new Map<string, Record<string, any>>();
  readonly refusals: Refusal[] = [];
  private readonly faults = new Map<string, Fault[]>();
  /** Per-method rate limits (limitRate): the calls of the last minute. */
  private readonly rateLimits = new Map<string, { perMinute: number; calls: number[] }>();
  private readonly files = new Map<string, Buffer>();
  private server: Server | undefined;
  private sockets: WebSocketServer | undefined;
  private socket: WebSocket | undefined;
  private readonly acks = new Map<string, (payload: Record<string, any>) => void>();
  /** The app-level token accepted by apps.connections.open (Socket Mode). */
  appToken = 'xapp-test-app-token';
  private lastTs = 1_700_000_000_000_000;
  baseUrl = '';

  constructor(readonly token: string) {}

  /** The Web API base URL to give the app (SLACK_API_URL). */
  get apiUrl(): string {
    return `${this.baseUrl}/api/`;
  }

  async start(): Promise<this> {
    this.server = createServer((request, response) => void this.handle(request, response));
    this.sockets = new WebSocketServer({ server: this.server, path: '/link' });
    this.sockets.on('connection', (socket) => {
      this.socket = socket;
      socket.on('message', (data) => {
        const ack = JSON.parse(String(data)) as { envelope_id?: string; payload?: Record<string, any> };
        if (ack.envelope_id) this.acks.get(ack.envelope_id)?.(ack.payload ?? {});
      });
      socket.send(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A0SWITCHBOARD' } }));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    watchRefusals(this);
    return this;
  }

  /** Whether an app is connected over Socket Mode. */
  get socketConnected(): boolean {
    return this.socket?.readyState === 1;
  }

  /** Sends a Socket Mode envelope (as Slack does) and resolves with the app's ack payload. */
  sendEnvelope(type: 'slash_commands' | 'interactive' | 'events_api', payload: Record<string, unknown>) {
    const id = randomUUID();
    return new Promise<Record<string, any>>((resolve, reject) => {
      if (!this.socket) return reject(new Error('no Socket Mode connection'));
      this.acks.set(id, (ack) => {
        this.checkAck(ENVELOPE_ACK_KINDS[type](payload), ack, payload.view as Record<string, any> | undefined);
        resolve(ack);
      });
      this.socket.send(
        JSON.stringify({ envelope_id: id, type, payload, accepts_response_payload: type !== 'events_api' }),
      );
    });
  }

  /** Stops; throws if a screen was refused since the last test looked (see refusals.ts). */
  async stop(): Promise<void> {
    this.sockets?.clients.forEach((client) => client.terminate());
    this.sockets?.close();
    await new Promise<void>((resolve) => {
      this.server?.closeAllConnections();
      this.server?.close(() => resolve());
    });
    watchRefusals(this, false);
  }

  addUser(user: FakeSlackUser): void {
    this.users.set(user.id, user);
  }

  /**
   * A file "uploaded" in a modal's file input: what Slack puts in the view submission. Its
   * download link needs the bot token, as Slack's url_private_download does.
   */
  hostFile(name: string, content: string | Buffer, filetype = 'csv') {
    const id = `F${randomUUID().slice(0, 8).toUpperCase()}`;
    const bytes = Buffer.from(content);
    this.files.set(id, bytes);
    return {
      id,
      name,
      size: bytes.length,
      filetype,
      url_private_download: `${this.baseUrl}/files-pri/T0TEST-${id}/download/${encodeURIComponent(name)}`,
    };
  }

  /** A trigger_id as Slack sends with a slash command or click: valid once, for 3 seconds. */
  issueTrigger(): string {
    const id = `${Date.now()}.${randomUUID()}`;
    this.triggers.set(id, { issuedAt: Date.now(), used: false });
    return id;
  }

  /** A response_url pointing at this fake. */
  responseUrl(): string {
    return `${this.baseUrl}/response/${randomUUID()}`;
  }

  /** The next call of `method` meets `fault` (queued in order). */
  failNext(method: string, ...faults: Fault[]): void {
    this.faults.set(method, [...(this.faults.get(method) ?? []), ...faults]);
  }

  /**
   * Holds `method` to Slack's rate tier: past `perMinute` calls in a minute, it answers 429 with
   * Retry-After (the seconds until a call leaves the window), as Slack does.
   */
  limitRate(method: string, perMinute: number): void {
    this.rateLimits.set(method, { perMinute, calls: [] });
  }

  /** Forgets calls and messages (between tests sharing one fake). */
  reset(): void {
    this.calls.length = 0;
    this.responses.length = 0;
    this.messages.clear();
    this.homes.clear();
    this.views.clear();
  }

  /** Returns and forgets the refusals so far: a test that expects Slack to refuse a screen takes them. */
  takeRefusals(): Refusal[] {
    return this.refusals.splice(0);
  }

  /** The view most recently shown with this callback_id (what a submission of it carries). */
  latestView(callbackId: string): Record<string, any> | undefined {
    const [id, view] = [...this.views].reverse().find(([, shown]) => shown.callback_id === callbackId) ?? [];
    return view && { id, ...view };
  }

  /** Records a view as shown now (the newest last). */
  private show(id: string, view: Record<string, any>): void {
    this.views.delete(id);
    this.views.set(id, view);
  }

  /**
   * Holds the app's HTTP answer to a request to Slack's rules for that kind of answer: a command's
   * message, a submission's response_action (error keys naming input blocks of `submitted`), a
   * menu's options. Views pushed or updated by a response_action count as shown.
   */
  checkAck(kind: AckKind, body: unknown, submitted?: { id?: string; blocks?: unknown[] }): void {
    if (body === undefined || body === '' || (typeof body === 'object' && body && !Object.keys(body).length)) return;
    if (kind === 'slash_command') {
      this.record(
        'slash command ack',
        'invalid_blocks',
        checkMessage(typeof body === 'string' ? { text: body } : body, 'ack'),
      );
    } else if (kind === 'block_suggestion') {
      this.record('block_suggestion options', 'invalid_arguments', checkOptionsResponse(body));
    } else if (kind === 'view_submission') {
      const problems = checkViewSubmissionAck(body, submitted ?? {});
      this.record('view_submission ack', 'invalid_arguments', problems);
      const answer = body as { response_action?: string; view?: Record<string, any> };
      if (!problems.length && answer.view && submitted?.id) {
        if (answer.response_action === 'update') this.show(submitted.id, answer.view);
        if (answer.response_action === 'push') this.show(`V${randomUUID().slice(0, 8).toUpperCase()}`, answer.view);
      }
    }
  }

  /** Keeps a refusal (when there are problems) and returns Slack's answer to it. */
  private record(where: string, error: string, messages: string[]) {
    if (!messages.length) return undefined;
    this.refusals.push({ where, error, messages });
    return { ok: false, error, response_metadata: { messages } } as const;
  }

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  /** Messages posted (and still present) in a channel, oldest first. */
  messagesIn(channel: string): Record<string, any>[] {
    return [...(this.messages.get(channel)?.values() ?? [])];
  }

  private async handle(request: IncomingMessage, response: ServerResponse) {
    const url = new URL(request.url ?? '/', this.baseUrl);
    const body = await readBody(request);
    if (url.pathname.startsWith('/response/')) {
      const posted = JSON.parse(body || '{}');
      const refused = this.record('response_url', 'invalid_blocks', checkMessage(posted, 'response_url'));
      if (refused) return send(response, 400, refused);
      this.responses.push({ id: url.pathname.slice('/response/'.length), body: posted });
      return send(response, 200, { ok: true });
    }
    // A URL on Slack's host that redirects elsewhere (307 keeps the POST): the app must not follow it.
    if (url.pathname === '/redirect') {
      response.writeHead(307, { location: url.searchParams.get('to') ?? '/' });
      return void response.end();
    }
    if (url.pathname.startsWith('/files-pri/')) {
      const id = url.pathname.split('/')[2]?.split('-')[1] ?? '';
      if (request.headers.authorization !== `Bearer ${this.token}`) return send(response, 403, { ok: false });
      const file = this.files.get(id);
      if (!file) return send(response, 404, { ok: false });
      response.writeHead(200, { 'content-type': 'text/csv' });
      return void response.end(file);
    }
    const method = url.pathname.replace(/^\/api\//, '');
    const args = parseArgs(request.headers['content-type'] ?? '', body);
    const call: RecordedCall = { method, args, at: Date.now() };
    this.calls.push(call);
    const fault = this.faults.get(method)?.shift();
    if (fault?.kind === 'disconnect') return void request.socket.destroy();
    if (fault?.kind === 'slow') await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
    if (fault?.kind === 'rateLimited') {
      response.setHeader('retry-after', String(fault.retryAfterSeconds));
      return send(response, 429, { ok: false, error: 'ratelimited' });
    }
    if (fault?.kind === 'serverError') return send(response, fault.status ?? 500, { ok: false });
    if (fault?.kind === 'platformError') {
      const metadata = fault.messages ? { response_metadata: { messages: fault.messages } } : {};
      return send(response, 200, { ok: false, error: fault.error, ...metadata });
    }
    const token = method === 'apps.connections.open' ? this.appToken : this.token;
    if (request.headers.authorization !== `Bearer ${token}`) {
      return send(response, 200, { ok: false, error: 'invalid_auth' });
    }
    const limit = this.rateLimits.get(method);
    if (limit) {
      const now = Date.now();
      limit.calls = limit.calls.filter((at) => at > now - 60_000);
      if (limit.calls.length >= limit.perMinute) {
        call.outcome = 'ratelimited';
        response.setHeader('retry-after', String(Math.ceil((limit.calls[0]! + 60_000 - now) / 1000)));
        return send(response, 429, { ok: false, error: 'ratelimited' });
      }
      limit.calls.push(now);
    }
    const handler = this.handlers[method];
    const answer = handler ? handler(args) : { ok: false, error: 'unknown_method' };
    call.outcome = answer.ok ? 'ok' : String(answer.error);
    send(response, 200, answer);
  }

  private readonly handlers: Record<string, Handler> = {
    'auth.test': () => ({ ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T0001' }),
    'apps.connections.open': () => ({ ok: true, url: `${this.baseUrl.replace('http', 'ws')}/link` }),
    'views.open': (args) => this.openView(args, false),
    'views.push': (args) => this.openView(args, true),
    'views.update': (args) => {
      if (!args.view_id && !args.external_id) return { ok: false, error: 'invalid_arguments' };
      const refused = this.refuseView('views.update', args.view, 'modal');
      if (refused) return refused;
      const id = String(args.view_id ?? args.external_id);
      this.show(id, args.view);
      return { ok: true, view: { id, ...args.view } };
    },
    'views.publish': (args) => {
      if (!args.user_id) return { ok: false, error: 'invalid_arguments' };
      const refused = this.refuseView('views.publish', args.view, 'home');
      if (refused) return refused;
      this.homes.set(String(args.user_id), args.view);
      this.show(`VHOME${args.user_id}`, args.view);
      return { ok: true, view: { id: `VHOME${args.user_id}`, ...args.view } };
    },
    'chat.postMessage': (args) => {
      if (!args.channel) return { ok: false, error: 'channel_not_found' };
      const refused = this.refuseMessage('chat.postMessage', args);
      if (refused) return refused;
      const channel = String(args.channel);
      const ts = this.nextTs();
      const message = { ts, channel, text: args.text, blocks: args.blocks, thread_ts: args.thread_ts };
      if (!this.messages.has(channel)) this.messages.set(channel, new Map());
      this.messages.get(channel)!.set(ts, message);
      return { ok: true, channel, ts, message };
    },
    'chat.update': (args) => {
      const message = this.messages.get(String(args.channel))?.get(String(args.ts));
      if (!message) return { ok: false, error: 'message_not_found' };
      const refused = this.refuseMessage('chat.update', args);
      if (refused) return refused;
      Object.assign(message, { text: args.text, blocks: args.blocks, edited: true });
      return { ok: true, channel: args.channel, ts: args.ts };
    },
    'chat.postEphemeral': (args) => {
      if (!args.channel || !args.user) return { ok: false, error: 'invalid_arguments' };
      const refused = this.refuseMessage('chat.postEphemeral', args);
      if (refused) return refused;
      return { ok: true, message_ts: this.nextTs() };
    },
    'conversations.open': (args) => ({ ok: true, channel: { id: `D${String(args.users).split(',')[0]}` } }),
    'users.info': (args) => {
      const user = this.users.get(String(args.user));
      return user ? { ok: true, user: toSlackUser(user) } : { ok: false, error: 'user_not_found' };
    },
    // Paged by cursor as Slack pages it: `limit` at most 1000 (Slack refuses more), next_cursor
    // empty on the last page, and deactivated users, bots and Slackbot listed like everyone else.
    'users.list': (args) => {
      const limit = args.limit === undefined ? MAX_LIST_LIMIT : Number(args.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIST_LIMIT) return { ok: false, error: 'invalid_limit' };
      const everyone = [SLACKBOT, ...this.users.values()];
      let start = 0;
      if (args.cursor) {
        const after = /^user:(.+)$/.exec(Buffer.from(String(args.cursor), 'base64').toString('utf8'))?.[1];
        start = everyone.findIndex((user) => user.id === after);
        if (start < 0) return { ok: false, error: 'invalid_cursor' };
      }
      const page = everyone.slice(start, start + limit);
      const next = everyone[start + limit];
      return {
        ok: true,
        members: page.map(toSlackUser),
        cache_ts: Math.floor(Date.now() / 1000),
        response_metadata: { next_cursor: next ? Buffer.from(`user:${next.id}`).toString('base64') : '' },
      };
    },
    'users.lookupByEmail': (args) => {
      const email = String(args.email).toLowerCase();
      const user = [...this.users.values()].find((candidate) => candidate.email.toLowerCase() === email);
      return user ? { ok: true, user: toSlackUser(user) } : { ok: false, error: 'users_not_found' };
    },
  };

  private openView(args: Record<string, any>, push: boolean) {
    const trigger = this.triggers.get(String(args.trigger_id));
    if (!trigger || trigger.used) return { ok: false, error: 'invalid_trigger_id' };
    trigger.used = true;
    if (Date.now() - trigger.issuedAt > TRIGGER_LIFETIME_MS) return { ok: false, error: 'expired_trigger_id' };
    const refused = this.refuseView(push ? 'views.push' : 'views.open', args.view, 'modal');
    if (refused) return refused;
    const id = `V${randomUUID().slice(0, 8).toUpperCase()}`;
    const root = push ? this.rootOf(String(args.view_id ?? '')) : id;
    const stack = push ? (this.viewStacks.get(root) ?? []) : [];
    if (stack.length >= MAX_VIEW_STACK) return { ok: false, error: 'push_limit_reached' };
    this.viewStacks.set(root, [...stack, id]);
    this.show(id, args.view);
    return { ok: true, view: { id, root_view_id: root, ...args.view } };
  }

  /** Slack's answer when a view breaks a rule (or is the wrong kind for the method), else undefined. */
  private refuseView(method: string, view: Record<string, any> | undefined, type: 'modal' | 'home') {
    const wrongType =
      view && typeof view === 'object' && view.type !== type
        ? [`[ERROR] must be "${type}" [json-pointer:/view/type]`]
        : [];
    const problems = [...wrongType, ...checkView(view)];
    return this.record(method, specificError(problems) ?? slackErrorCode('view'), problems);
  }

  /** Slack's answer when a message breaks a rule, else undefined. */
  private refuseMessage(method: 'chat.postMessage' | 'chat.update' | 'chat.postEphemeral', args: Record<string, any>) {
    const problems = checkMessage(args, method);
    return this.record(method, specificError(problems) ?? slackErrorCode('message'), problems);
  }

  private rootOf(viewId: string): string {
    for (const [root, stack] of this.viewStacks) if (stack.includes(viewId)) return root;
    return [...this.viewStacks.keys()].at(-1) ?? viewId;
  }

  private nextTs(): string {
    this.lastTs += 1;
    const text = String(this.lastTs);
    return `${text.slice(0, 10)}.${text.slice(10)}`;
  }
}

/** Slack's own error code where a problem names one (no_text, msg_too_long, view_too_large, …). */
function specificError(problems: string[]): string | undefined {
  for (const problem of problems) {
    const code =
      /: (no_text|msg_too_long|view_too_large|too_many_attachments|markdown_text_conflict) \[json-pointer:/.exec(
        problem,
      )?.[1];
    if (code) return code;
  }
  return undefined;
}

/** Which answer a Socket Mode envelope's ack is, by the envelope and its payload. */
const ENVELOPE_ACK_KINDS: Record<
  'slash_commands' | 'interactive' | 'events_api',
  (payload: Record<string, any>) => AckKind
> = {
  slash_commands: () => 'slash_command',
  interactive: (payload) =>
    payload.type === 'view_submission'
      ? 'view_submission'
      : payload.type === 'block_suggestion'
        ? 'block_suggestion'
        : 'other',
  events_api: () => 'other',
};

function toSlackUser(user: FakeSlackUser) {
  return {
    id: user.id,
    team_id: user.teamId,
    name: user.name,
    deleted: user.deleted ?? false,
    real_name: user.realName,
    is_bot: user.isBot ?? false,
    profile: { real_name: user.realName, ...(user.email ? { email: user.email } : {}) },
  };
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

/** The Web API client sends form fields, with objects (view, blocks) as JSON strings. */
function parseArgs(contentType: string, body: string): Record<string, any> {
  if (contentType.includes('application/json')) return JSON.parse(body || '{}');
  const args: Record<string, any> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    args[key] = /^[[{]/.test(value) ? safeJson(value) : value;
  }
  return args;
}

function safeJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

function send(response: ServerResponse, status: number, body: unknown) {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}
