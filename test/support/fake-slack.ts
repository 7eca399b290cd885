import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { checkMessageBlocks, checkView } from './block-kit-limits.ts';

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
  | { kind: 'platformError'; error: string }
  | { kind: 'slow'; delayMs: number }
  /** The connection is cut before any answer, as a network failure would. */
  | { kind: 'disconnect' };

export interface FakeSlackUser {
  id: string;
  teamId: string;
  name: string;
  realName: string;
  email: string;
}

const TRIGGER_LIFETIME_MS = 3_000;
const MAX_VIEW_STACK = 3;

type Handler = (args: Record<string, any>) => Record<string, unknown>;

/**
 * A stand-in for Slack's Web API on 127.0.0.1, strict where Slack is strict: it checks the bot
 * token, accepts each trigger_id once and for 3 seconds, rejects Block Kit over Slack's limits,
 * only updates messages it has, and answers users.* from fixtures. Faults can be queued per method.
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
  private readonly faults = new Map<string, Fault[]>();
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
      this.acks.set(id, resolve);
      this.socket.send(
        JSON.stringify({ envelope_id: id, type, payload, accepts_response_payload: type !== 'events_api' }),
      );
    });
  }

  async stop(): Promise<void> {
    this.sockets?.clients.forEach((client) => client.terminate());
    this.sockets?.close();
    await new Promise<void>((resolve) => {
      this.server?.closeAllConnections();
      this.server?.close(() => resolve());
    });
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

  /** Forgets calls and messages (between tests sharing one fake). */
  reset(): void {
    this.calls.length = 0;
    this.responses.length = 0;
    this.messages.clear();
    this.homes.clear();
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
      this.responses.push({ id: url.pathname.slice('/response/'.length), body: JSON.parse(body || '{}') });
      return send(response, 200, { ok: true });
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
    if (fault?.kind === 'platformError') return send(response, 200, { ok: false, error: fault.error });
    const token = method === 'apps.connections.open' ? this.appToken : this.token;
    if (request.headers.authorization !== `Bearer ${token}`) {
      return send(response, 200, { ok: false, error: 'invalid_auth' });
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
      const problems = checkView(args.view);
      if (problems.length) return invalid(problems);
      return { ok: true, view: { id: args.view_id, ...args.view } };
    },
    'views.publish': (args) => {
      if (!args.user_id) return { ok: false, error: 'invalid_arguments' };
      const problems = checkView(args.view);
      if (problems.length) return invalid(problems);
      this.homes.set(String(args.user_id), args.view);
      return { ok: true, view: { id: `VHOME${args.user_id}`, ...args.view } };
    },
    'chat.postMessage': (args) => {
      if (!args.channel) return { ok: false, error: 'channel_not_found' };
      if (!args.text && !args.blocks) return { ok: false, error: 'no_text' };
      const problems = checkMessageBlocks(args.blocks);
      if (problems.length) return invalid(problems);
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
      const problems = checkMessageBlocks(args.blocks);
      if (problems.length) return invalid(problems);
      Object.assign(message, { text: args.text, blocks: args.blocks, edited: true });
      return { ok: true, channel: args.channel, ts: args.ts };
    },
    'chat.postEphemeral': (args) => {
      if (!args.channel || !args.user) return { ok: false, error: 'invalid_arguments' };
      return { ok: true, message_ts: this.nextTs() };
    },
    'conversations.open': (args) => ({ ok: true, channel: { id: `D${String(args.users).split(',')[0]}` } }),
    'users.info': (args) => {
      const user = this.users.get(String(args.user));
      return user ? { ok: true, user: toSlackUser(user) } : { ok: false, error: 'user_not_found' };
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
    const problems = checkView(args.view);
    if (problems.length) return invalid(problems);
    const id = `V${randomUUID().slice(0, 8).toUpperCase()}`;
    const root = push ? this.rootOf(String(args.view_id ?? '')) : id;
    const stack = push ? (this.viewStacks.get(root) ?? []) : [];
    if (stack.length >= MAX_VIEW_STACK) return { ok: false, error: 'push_limit_reached' };
    this.viewStacks.set(root, [...stack, id]);
    return { ok: true, view: { id, root_view_id: root, ...args.view } };
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

function invalid(problems: string[]) {
  return { ok: false, error: 'invalid_blocks', response_metadata: { messages: problems } };
}

function toSlackUser(user: FakeSlackUser) {
  return {
    id: user.id,
    team_id: user.teamId,
    name: user.name,
    real_name: user.realName,
    profile: { email: user.email, real_name: user.realName },
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
