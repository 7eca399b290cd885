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
  /** The token the call was made with (the Authorization header, or Slack's `token` argument). */
  token?: string;
  /**
   * The workspace the call spoke for: the token's team; for an org-wide token the `team_id`
   * argument (which Slack requires on workspace-scoped calls), else the enterprise id.
   */
  teamId?: string;
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
  /**
   * The member's workspace. A token sees the members of the workspaces it speaks for (an org-wide
   * token: every workspace of its org); a team the fake doesn't know counts as the default team's.
   */
  teamId: string;
  /** An Enterprise Grid member's other workspaces in the org (Slack user ids are org-wide there). */
  otherTeamIds?: string[];
  name: string;
  realName: string;
  email: string;
  /** A deactivated account: Slack still lists it (users.list, users.info) with deleted: true. */
  deleted?: boolean;
  isBot?: boolean;
}

/** A workspace the fake serves, with the app's bot user there. */
export interface FakeSlackTeam {
  teamId: string;
  name: string;
  /** The Enterprise Grid org the workspace belongs to (addEnterprise first). */
  enterpriseId?: string;
  botUserId: string;
  botId: string;
  /**
   * Token rotation turned on for the app's installs here: oauth.v2.access answers an expiring
   * access token (xoxe.xoxb-…) with `refresh_token` and `expires_in`.
   */
  tokenRotation?: boolean;
  /** With rotation: how long an access token lives. Slack's is 12 hours (43200 s). */
  tokenLifetimeSeconds?: number;
}

/** An Enterprise Grid org: the app's bot user for an org-wide install, and its rotation settings. */
export interface FakeSlackEnterprise {
  enterpriseId: string;
  name: string;
  botUserId: string;
  botId: string;
  tokenRotation?: boolean;
  tokenLifetimeSeconds?: number;
}

/** What an issued token speaks for, and whether it still works. */
interface Grant {
  token: string;
  kind: 'bot' | 'user';
  /** The installation it belongs to: the team id, or the enterprise id of an org-wide install. */
  installation: string;
  /** The workspace (undefined for an org-wide install). */
  teamId: string | undefined;
  enterpriseId: string | undefined;
  isEnterpriseInstall: boolean;
  /** The bot user (bot token) or the installing user (user token). */
  userId: string;
  botId: string | undefined;
  scope: string;
  /** Epoch milliseconds; undefined: never expires (rotation off). */
  expiresAt: number | undefined;
  /** revoked: uninstalled (revoke()); rotated: replaced through its refresh token. */
  state: 'active' | 'revoked' | 'rotated';
  /** The constructor's token: it also sees users and triggers of teams the fake doesn't know. */
  legacy?: boolean;
}

interface RefreshGrant {
  installation: string;
  kind: 'bot' | 'user';
  /** used: exchanged once already; revoked: the app was uninstalled. */
  state: 'active' | 'used' | 'revoked';
}

interface AuthorizationCode {
  teamId: string;
  enterpriseId: string | undefined;
  orgWide: boolean;
  installerUserId: string;
  scope: string;
  userScope: string | undefined;
  redirectUri: string | undefined;
  issuedAt: number;
  used: boolean;
}

/** Who is calling: the token's grant and the teams it speaks for. */
interface Caller {
  grant: Grant;
  /** The workspace the call speaks for (recorded with the call). */
  teamId: string;
  teams: ReadonlySet<string>;
}

/** Slack's default team for the constructor's token (the harness's TEAM_ID). */
const DEFAULT_TEAM: FakeSlackTeam = { teamId: 'T0TEST', name: 'Switchboard Test', botUserId: 'UBOT', botId: 'BBOT' };
/** Slack's access-token lifetime with rotation on: 12 hours (docs.slack.dev/authentication/using-token-rotation). */
const TOKEN_LIFETIME_SECONDS = 43_200;
/** An authorization code is good for 10 minutes, once. */
const CODE_LIFETIME_MS = 10 * 60_000;
/** The bot scopes an install asks for when the authorize URL names none. */
const DEFAULT_SCOPE = 'commands,chat:write,im:write,users:read,users:read.email,files:read';

/** users.list's largest page: Slack refuses a larger limit. */
const MAX_LIST_LIMIT = 1000;
/** Slack's own bot, listed by users.list in every workspace (no email). */
const SLACKBOT: FakeSlackUser = { id: 'USLACKBOT', teamId: '', name: 'slackbot', realName: 'Slackbot', email: '' };

const TRIGGER_LIFETIME_MS = 3_000;
const MAX_VIEW_STACK = 3;

type Handler = (args: Record<string, any>, caller: Caller) => Record<string, unknown>;

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
 *
 * Workspaces: `new FakeSlack(token)` serves one team (T0TEST) with that bot token, as every test
 * written before distribution mode expects. More teams (`addTeam`, `addEnterprise` for Enterprise
 * Grid) get their tokens the way Slack issues them: `authorizationCode()` stands for the person
 * clicking Allow, and `oauth.v2.access` exchanges the code (and, with token rotation, refresh
 * tokens). Each token speaks for its team (or its org) only: users, DMs, triggers and files of
 * another team are not found with it; a revoked, rotated-out or expired token is refused.
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
  private socketDown = false;
  private readonly acks = new Map<string, (payload: Record<string, any>) => void>();
  /** The app-level token accepted by apps.connections.open (Socket Mode). */
  appToken = 'xapp-test-app-token';
  /** The app's credentials, checked by oauth.v2.access (distribution mode). */
  clientId = 'test-client-id';
  clientSecret = 'test-client-secret';
  /** The app's id: oauth.v2.access's app_id and api_app_id in what Slack sends. */
  appId = 'A0SWITCHBOARD';
  private lastTs = 1_700_000_000_000_000;
  baseUrl = '';
  private readonly teams = new Map<string, FakeSlackTeam>();
  private readonly enterprises = new Map<string, FakeSlackEnterprise>();
  private readonly grants = new Map<string, Grant>();
  private readonly refreshTokens = new Map<string, RefreshGrant>();
  private readonly codes = new Map<string, AuthorizationCode>();
  /** Channels that belong to one workspace (addChannel, and DMs opened by conversations.open). */
  private readonly channelTeams = new Map<string, string>();
  private readonly triggerTeams = new Map<string, string>();

  /**
   * `token`: the default team's bot token (T0TEST, bot UBOT/BBOT), which also sees users and
   * triggers of teams the fake doesn't know. Without it the fake serves only the teams added.
   */
  constructor(readonly token?: string) {
    if (token) {
      this.addTeam(DEFAULT_TEAM);
      this.grants.set(token, {
        ...this.botGrant(token, DEFAULT_TEAM.teamId, undefined),
        scope: DEFAULT_SCOPE,
        legacy: true,
      });
    }
  }

  /** A workspace the app can be installed in (its tokens come from oauth.v2.access). */
  addTeam(team: FakeSlackTeam): this {
    if (team.enterpriseId && !this.enterprises.has(team.enterpriseId)) {
      throw new Error(`addEnterprise(${team.enterpriseId}) before adding its team ${team.teamId}`);
    }
    this.teams.set(team.teamId, team);
    return this;
  }

  /** An Enterprise Grid org (its workspaces name it as enterpriseId). */
  addEnterprise(enterprise: FakeSlackEnterprise): this {
    this.enterprises.set(enterprise.enterpriseId, enterprise);
    return this;
  }

  /** A channel of one workspace: another workspace's token gets channel_not_found there. */
  addChannel(channel: { id: string; teamId: string }): this {
    this.channelTeams.set(channel.id, channel.teamId);
    return this;
  }

  teamOf(teamId: string): FakeSlackTeam | undefined {
    return this.teams.get(teamId);
  }

  enterpriseOf(enterpriseId: string): FakeSlackEnterprise | undefined {
    return this.enterprises.get(enterpriseId);
  }

  /**
   * An installer clicking Allow on Slack's consent screen: the one-time code Slack appends to the
   * redirect URL. `orgWide`: an org-wide install in the team's Enterprise Grid org. `scope`,
   * `userScope` and `redirectUri` are what the authorize URL asked for.
   */
  authorizationCode(request: {
    teamId: string;
    installerUserId: string;
    orgWide?: boolean;
    scope?: string;
    userScope?: string;
    redirectUri?: string;
  }): string {
    const team = this.teams.get(request.teamId);
    if (!team) throw new Error(`authorizationCode: addTeam(${request.teamId}) first`);
    if (request.orgWide && !team.enterpriseId) {
      throw new Error(`authorizationCode: team ${request.teamId} is in no Enterprise Grid org`);
    }
    const code = `${Date.now()}.${randomUUID().replaceAll('-', '')}`;
    this.codes.set(code, {
      teamId: team.teamId,
      enterpriseId: team.enterpriseId,
      orgWide: request.orgWide ?? false,
      installerUserId: request.installerUserId,
      scope: request.scope || DEFAULT_SCOPE,
      userScope: request.userScope || undefined,
      redirectUri: request.redirectUri,
      issuedAt: Date.now(),
      used: false,
    });
    return code;
  }

  /**
   * Uninstalls the app from a workspace (a team id) or an org (an enterprise id), as Slack does on
   * app_uninstalled: every token and refresh token of that installation stops working.
   */
  revoke(teamOrEnterpriseId: string): void {
    for (const grant of this.grants.values()) {
      if (grant.installation === teamOrEnterpriseId) grant.state = 'revoked';
    }
    for (const refresh of this.refreshTokens.values()) {
      if (refresh.installation === teamOrEnterpriseId) refresh.state = 'revoked';
    }
  }

  /**
   * Moves the expiry of the installation's live tokens to now, as if their 12 hours had passed:
   * the next call with them gets token_expired (their refresh tokens still work).
   */
  expire(teamOrEnterpriseId: string): void {
    for (const grant of this.grants.values()) {
      if (grant.installation === teamOrEnterpriseId && grant.state === 'active') grant.expiresAt = Date.now() - 1;
    }
  }

  /**
   * The bot tokens that work now for a workspace (its own install's, or its org's org-wide
   * install's) or, given an enterprise id, for the org-wide install; oldest first.
   */
  tokensOf(teamOrEnterpriseId: string): string[] {
    const enterpriseId = this.teams.get(teamOrEnterpriseId)?.enterpriseId;
    return [...this.grants.values()]
      .filter((grant) => grant.kind === 'bot' && this.problemWith(grant) === undefined)
      .filter(
        (grant) =>
          grant.installation === teamOrEnterpriseId ||
          (grant.isEnterpriseInstall && enterpriseId !== undefined && grant.installation === enterpriseId),
      )
      .map((grant) => grant.token);
  }

  /** The newest refresh token that works now for an installation (rotation on), if any. */
  refreshTokenOf(teamOrEnterpriseId: string): string | undefined {
    return [...this.refreshTokens].findLast(
      ([, refresh]) => refresh.installation === teamOrEnterpriseId && refresh.state === 'active',
    )?.[0];
  }

  /** The calls that spoke for a workspace (or, given an enterprise id, for an org without team_id). */
  callsBy(teamId: string): RecordedCall[] {
    return this.calls.filter((call) => call.teamId === teamId);
  }

  /**
   * What Slack says about the app's installation for a person's workspace in what it sends
   * (an event's authorizations[0], is_enterprise_install): the workspace install's bot user, else
   * the org-wide install's, else (nothing installed: the default team) the default bot user.
   */
  installationFor(teamId: string): {
    teamId: string | null;
    enterpriseId: string | null;
    botUserId: string;
    isEnterpriseInstall: boolean;
  } {
    const team = this.teams.get(teamId);
    const live = (installation: string) =>
      [...this.grants.values()].some(
        (grant) => grant.installation === installation && grant.kind === 'bot' && grant.state === 'active',
      );
    const enterprise = team?.enterpriseId ? this.enterprises.get(team.enterpriseId) : undefined;
    if (enterprise && live(enterprise.enterpriseId) && !live(teamId)) {
      return {
        teamId: null,
        enterpriseId: enterprise.enterpriseId,
        botUserId: enterprise.botUserId,
        isEnterpriseInstall: true,
      };
    }
    return {
      teamId,
      enterpriseId: team?.enterpriseId ?? null,
      botUserId: team?.botUserId ?? DEFAULT_TEAM.botUserId,
      isEnterpriseInstall: false,
    };
  }

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

  /**
   * Cuts the Socket Mode connection, as a network failure would; until the returned outage is ended,
   * apps.connections.open answers service_unavailable, so the app stays disconnected.
   */
  dropSocket(): { end(): void } {
    this.socketDown = true;
    this.socket?.terminate();
    return { end: () => (this.socketDown = false) };
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
   * A file "uploaded" in a modal's file input in a workspace: what Slack puts in the view
   * submission. Its download link needs a bot token of that workspace, as Slack's
   * url_private_download does.
   */
  hostFile(name: string, content: string | Buffer, filetype = 'csv', teamId = DEFAULT_TEAM.teamId) {
    const id = `F${randomUUID().slice(0, 8).toUpperCase()}`;
    const bytes = Buffer.from(content);
    this.files.set(id, bytes);
    return {
      id,
      name,
      size: bytes.length,
      filetype,
      url_private_download: `${this.baseUrl}/files-pri/${teamId}-${id}/download/${encodeURIComponent(name)}`,
    };
  }

  /**
   * A trigger_id as Slack sends with a slash command or click: valid once, for 3 seconds, and
   * (given the workspace it was sent from) only with a token of that workspace.
   */
  issueTrigger(teamId?: string): string {
    const id = `${Date.now()}.${randomUUID()}`;
    this.triggers.set(id, { issuedAt: Date.now(), used: false });
    if (teamId !== undefined) this.triggerTeams.set(id, teamId);
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
      const [teamId = '', id = ''] = url.pathname.split('/')[2]?.split('-') ?? [];
      const grant = this.grants.get(bearer(request.headers.authorization) ?? '');
      const caller = grant && !this.problemWith(grant) ? this.callerOf(grant, {}) : undefined;
      if (!caller || !this.speaksFor(caller, teamId)) return send(response, 403, { ok: false });
      const file = this.files.get(id);
      if (!file) return send(response, 404, { ok: false });
      response.writeHead(200, { 'content-type': 'text/csv' });
      return void response.end(file);
    }
    const method = url.pathname.replace(/^\/api\//, '');
    const args = parseArgs(request.headers['content-type'] ?? '', body);
    // Slack takes the token from the Authorization header or, as a POST parameter, `token`.
    const token = bearer(request.headers.authorization) ?? (typeof args.token === 'string' ? args.token : undefined);
    const call: RecordedCall = { method, args, at: Date.now(), ...(token ? { token } : {}) };
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
    let caller: Caller | undefined;
    if (method === 'oauth.v2.access') {
      // No token: the app's credentials, as form parameters or HTTP Basic (which Slack prefers).
    } else if (method === 'apps.connections.open') {
      if (token !== this.appToken) return this.answer(response, call, { ok: false, error: 'invalid_auth' });
    } else {
      if (!token) return this.answer(response, call, { ok: false, error: 'not_authed' });
      const grant = this.grants.get(token);
      if (!grant) return this.answer(response, call, { ok: false, error: 'invalid_auth' });
      const problem = this.problemWith(grant);
      if (problem) return this.answer(response, call, { ok: false, error: problem });
      caller = this.callerOf(grant, args);
      call.teamId = caller.teamId;
      // An org-wide token names a workspace of its org only.
      if (grant.isEnterpriseInstall && args.team_id && !caller.teams.has(String(args.team_id))) {
        return this.answer(response, call, { ok: false, error: 'team_access_not_granted' });
      }
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
    if (method === 'oauth.v2.access') {
      const answer = this.oauthAccess(args, request.headers.authorization);
      if (answer.ok)
        call.teamId = (answer.team as { id: string } | null)?.id ?? (answer.enterprise as { id: string }).id;
      return this.answer(response, call, answer);
    }
    const handler = this.handlers[method];
    this.answer(response, call, handler ? handler(args, caller!) : { ok: false, error: 'unknown_method' });
  }

  private answer(response: ServerResponse, call: RecordedCall, answer: Record<string, unknown>): void {
    call.outcome = answer.ok ? 'ok' : String(answer.error);
    send(response, 200, answer);
  }

  /** Slack's error for a token that no longer works, or undefined while it does. */
  private problemWith(grant: Grant): string | undefined {
    if (grant.state !== 'active') return 'token_revoked';
    if (grant.expiresAt !== undefined && Date.now() >= grant.expiresAt) return 'token_expired';
    return undefined;
  }

  /**
   * The teams a token speaks for, and the one this call speaks for: an org-wide token's is the
   * `team_id` argument (Bolt's client adds it inside a request), else the workspace of the channel
   * or member the call names, else the org itself.
   */
  private callerOf(grant: Grant, args: Record<string, any>): Caller {
    if (grant.isEnterpriseInstall) {
      const teams = new Set(
        [...this.teams.values()].filter((team) => team.enterpriseId === grant.enterpriseId).map((team) => team.teamId),
      );
      const named = typeof args.team_id === 'string' && args.team_id ? args.team_id : undefined;
      return { grant, teams, teamId: named ?? this.workspaceNamedBy(args, teams) ?? grant.enterpriseId! };
    }
    return { grant, teams: new Set([grant.teamId!]), teamId: grant.teamId! };
  }

  /** The workspace (of `teams`) a call's channel, DM or member belongs to, when it names one. */
  private workspaceNamedBy(args: Record<string, any>, teams: ReadonlySet<string>): string | undefined {
    const channel = typeof args.channel === 'string' ? args.channel : undefined;
    const member = [args.user, args.user_id, String(args.users ?? '').split(',')[0], channel, channel?.slice(1)]
      .map((id) => (typeof id === 'string' && id ? this.users.get(id) : undefined))
      .find((user) => user !== undefined);
    const candidates = [
      channel !== undefined ? this.channelTeams.get(channel) : undefined,
      member?.teamId,
      ...(member?.otherTeamIds ?? []),
    ];
    return candidates.find((teamId) => teamId !== undefined && teams.has(teamId));
  }

  /** Whether a caller may act in a workspace; a team the fake doesn't know is the default token's. */
  private speaksFor(caller: Caller, teamId: string): boolean {
    return this.teams.has(teamId) ? caller.teams.has(teamId) : Boolean(caller.grant.legacy);
  }

  /** Whether a caller's token sees a member (their workspace, or another of theirs in the org). */
  private sees(caller: Caller, user: FakeSlackUser): boolean {
    if (user === SLACKBOT) return true;
    return [user.teamId, ...(user.otherTeamIds ?? [])].some((teamId) => this.speaksFor(caller, teamId));
  }

  private botGrant(token: string, teamId: string | undefined, enterpriseId: string | undefined): Grant {
    const team = teamId ? this.teams.get(teamId) : undefined;
    const owner = team ?? this.enterprises.get(enterpriseId!)!;
    return {
      token,
      kind: 'bot',
      installation: teamId ?? enterpriseId!,
      teamId,
      enterpriseId: team ? team.enterpriseId : enterpriseId,
      isEnterpriseInstall: !teamId,
      userId: owner.botUserId,
      botId: owner.botId,
      scope: DEFAULT_SCOPE,
      expiresAt: undefined,
      state: 'active',
    };
  }

  /**
   * oauth.v2.access (docs.slack.dev/reference/methods/oauth.v2.access): the app's client_id and
   * client_secret as parameters or HTTP Basic; `code` exchanged once (grant_type
   * authorization_code, the default) with `redirect_uri` matching the authorize request's when
   * given; or `grant_type=refresh_token` (docs.slack.dev/authentication/using-token-rotation).
   * Errors as Slack's: invalid_client_id, bad_client_secret, invalid_code, bad_redirect_uri,
   * invalid_grant_type, invalid_refresh_token, cannot_install_an_org_installed_app.
   */
  private oauthAccess(args: Record<string, any>, authorization: string | undefined): Record<string, unknown> {
    const basic = /^Basic (.+)$/i.exec(authorization ?? '')?.[1];
    const [basicId, ...basicSecret] = basic ? Buffer.from(basic, 'base64').toString('utf8').split(':') : [];
    const clientId = basicId ?? args.client_id;
    const clientSecret = basic ? basicSecret.join(':') : args.client_secret;
    if (clientId !== this.clientId) return { ok: false, error: 'invalid_client_id' };
    if (clientSecret !== this.clientSecret) return { ok: false, error: 'bad_client_secret' };
    const grantType = args.grant_type ?? 'authorization_code';
    if (grantType === 'refresh_token') return this.refresh(String(args.refresh_token ?? ''));
    if (grantType !== 'authorization_code') return { ok: false, error: 'invalid_grant_type' };
    const code = this.codes.get(String(args.code ?? ''));
    // A used or stale code is refused as invalid_code: Slack's v2 list has no separate error for it.
    if (!code || code.used || Date.now() - code.issuedAt > CODE_LIFETIME_MS)
      return { ok: false, error: 'invalid_code' };
    code.used = true;
    if (args.redirect_uri !== undefined && args.redirect_uri !== code.redirectUri) {
      return { ok: false, error: 'bad_redirect_uri' };
    }
    const team = this.teams.get(code.teamId)!;
    const enterprise = code.enterpriseId ? this.enterprises.get(code.enterpriseId) : undefined;
    const orgInstalled =
      enterprise !== undefined &&
      [...this.grants.values()].some(
        (grant) => grant.installation === enterprise.enterpriseId && grant.state === 'active',
      );
    if (!code.orgWide && orgInstalled) return { ok: false, error: 'cannot_install_an_org_installed_app' };
    const owner = code.orgWide ? enterprise! : team;
    const issued = this.issue(
      code.orgWide
        ? { teamId: undefined, enterpriseId: enterprise!.enterpriseId }
        : { teamId: team.teamId, enterpriseId: undefined },
      'bot',
      code.scope,
    );
    const user = code.userScope
      ? this.issue(
          code.orgWide
            ? { teamId: undefined, enterpriseId: enterprise!.enterpriseId }
            : { teamId: team.teamId, enterpriseId: undefined },
          'user',
          code.userScope,
          code.installerUserId,
        )
      : undefined;
    return {
      ok: true,
      ...issued.answer,
      bot_user_id: owner.botUserId,
      app_id: this.appId,
      team: code.orgWide ? null : { id: team.teamId, name: team.name },
      enterprise: enterprise ? { id: enterprise.enterpriseId, name: enterprise.name } : null,
      is_enterprise_install: code.orgWide,
      authed_user: {
        id: code.installerUserId,
        ...(user ? { ...user.answer } : {}),
      },
    };
  }

  /** Issues an access token (and, with rotation on, its refresh token) for an installation. */
  private issue(
    where: { teamId: string | undefined; enterpriseId: string | undefined },
    kind: 'bot' | 'user',
    scope: string,
    userId?: string,
  ) {
    const owner = where.teamId ? this.teams.get(where.teamId)! : this.enterprises.get(where.enterpriseId!)!;
    const random = randomUUID().replaceAll('-', '');
    const prefix = kind === 'bot' ? 'xoxb' : 'xoxp';
    const rotating = owner.tokenRotation ?? false;
    const lifetime = owner.tokenLifetimeSeconds ?? TOKEN_LIFETIME_SECONDS;
    const token = rotating ? `xoxe.${prefix}-1-${random}` : `${prefix}-${where.teamId ?? where.enterpriseId}-${random}`;
    const grant: Grant = {
      ...this.botGrant(token, where.teamId, where.enterpriseId),
      kind,
      scope,
      ...(kind === 'user' ? { userId: userId!, botId: undefined } : {}),
      expiresAt: rotating ? Date.now() + lifetime * 1000 : undefined,
    };
    this.grants.set(token, grant);
    let refreshToken: string | undefined;
    if (rotating) {
      refreshToken = `xoxe-1-${randomUUID().replaceAll('-', '')}`;
      this.refreshTokens.set(refreshToken, { installation: grant.installation, kind, state: 'active' });
    }
    return {
      grant,
      answer: {
        access_token: token,
        token_type: kind,
        scope,
        ...(refreshToken ? { refresh_token: refreshToken, expires_in: lifetime } : {}),
      },
    };
  }

  /**
   * grant_type=refresh_token: a new access token and refresh token. The refresh token is then
   * used up (invalid_refresh_token next time), and — stricter than Slack, which lets the old
   * access token live until it expires — the installation's older access tokens of that kind stop
   * working at once (token_revoked), so a test sees whether the app uses the rotated one.
   */
  private refresh(refreshToken: string): Record<string, unknown> {
    const refresh = this.refreshTokens.get(refreshToken);
    if (!refresh || refresh.state !== 'active') return { ok: false, error: 'invalid_refresh_token' };
    refresh.state = 'used';
    const older = [...this.grants.values()].filter(
      (grant) => grant.installation === refresh.installation && grant.kind === refresh.kind && grant.state === 'active',
    );
    const last = older.at(-1);
    if (!last) return { ok: false, error: 'invalid_refresh_token' };
    for (const grant of older) grant.state = 'rotated';
    const issued = this.issue(
      { teamId: last.teamId, enterpriseId: last.isEnterpriseInstall ? last.enterpriseId : undefined },
      refresh.kind,
      last.scope,
      last.userId,
    );
    const team = last.teamId ? this.teams.get(last.teamId) : undefined;
    const enterprise = last.enterpriseId ? this.enterprises.get(last.enterpriseId) : undefined;
    return {
      ok: true,
      app_id: this.appId,
      ...issued.answer,
      ...(refresh.kind === 'bot' ? { bot_user_id: last.userId } : { user_id: last.userId }),
      team: team ? { id: team.teamId, name: team.name } : null,
      enterprise: enterprise ? { id: enterprise.enterpriseId, name: enterprise.name } : null,
      is_enterprise_install: last.isEnterpriseInstall,
    };
  }

  private readonly handlers: Record<string, Handler> = {
    // docs.slack.dev/reference/methods/auth.test: who the token is, per token.
    'auth.test': (_args, caller) => {
      const { grant } = caller;
      const team = grant.teamId ? this.teams.get(grant.teamId) : undefined;
      const enterprise = grant.enterpriseId ? this.enterprises.get(grant.enterpriseId) : undefined;
      const name = (team ?? enterprise)!.name;
      const host = grant.isEnterpriseInstall ? `${slug(name)}.enterprise.slack.com` : `${slug(name)}.slack.com`;
      return {
        ok: true,
        url: `https://${host}/`,
        team: name,
        user: grant.kind === 'bot' ? 'switchboard' : grant.userId.toLowerCase(),
        // An org-level token answers the org's id as its team_id.
        team_id: grant.teamId ?? grant.enterpriseId,
        user_id: grant.userId,
        ...(grant.botId ? { bot_id: grant.botId } : {}),
        ...(grant.enterpriseId ? { enterprise_id: grant.enterpriseId } : {}),
        is_enterprise_install: grant.isEnterpriseInstall,
      };
    },
    // docs.slack.dev/reference/methods/auth.teams.list: the workspaces an org-wide install is in;
    // a workspace token sees its own. Paged by cursor, limit at most 1000.
    'auth.teams.list': (args, caller) => {
      const limit = args.limit === undefined ? 100 : Number(args.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIST_LIMIT) return { ok: false, error: 'invalid_limit' };
      const teams = [...caller.teams].map((id) => this.teams.get(id)!);
      let start = 0;
      if (args.cursor) {
        const after = /^team:(.+)$/.exec(Buffer.from(String(args.cursor), 'base64').toString('utf8'))?.[1];
        start = teams.findIndex((team) => team.teamId === after);
        if (start < 0) return { ok: false, error: 'invalid_cursor' };
      }
      const next = teams[start + limit];
      return {
        ok: true,
        teams: teams.slice(start, start + limit).map((team) => ({ id: team.teamId, name: team.name })),
        response_metadata: { next_cursor: next ? Buffer.from(`team:${next.teamId}`).toString('base64') : '' },
      };
    },
    'apps.connections.open': () =>
      this.socketDown
        ? { ok: false, error: 'service_unavailable' }
        : { ok: true, url: `${this.baseUrl.replace('http', 'ws')}/link` },
    'views.open': (args, caller) => this.openView(args, false, caller),
    'views.push': (args, caller) => this.openView(args, true, caller),
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
    'chat.postMessage': (args, caller) => {
      if (!args.channel || !this.reaches(caller, String(args.channel)))
        return { ok: false, error: 'channel_not_found' };
      const refused = this.refuseMessage('chat.postMessage', args);
      if (refused) return refused;
      const channel = String(args.channel);
      const ts = this.nextTs();
      const message = {
        ts,
        channel,
        text: args.text,
        blocks: args.blocks,
        thread_ts: args.thread_ts,
        team: caller.teamId,
      };
      if (!this.messages.has(channel)) this.messages.set(channel, new Map());
      this.messages.get(channel)!.set(ts, message);
      return { ok: true, channel, ts, message };
    },
    'chat.update': (args, caller) => {
      if (!this.reaches(caller, String(args.channel))) return { ok: false, error: 'channel_not_found' };
      const message = this.messages.get(String(args.channel))?.get(String(args.ts));
      if (!message) return { ok: false, error: 'message_not_found' };
      const refused = this.refuseMessage('chat.update', args);
      if (refused) return refused;
      Object.assign(message, { text: args.text, blocks: args.blocks, edited: true });
      return { ok: true, channel: args.channel, ts: args.ts };
    },
    'chat.postEphemeral': (args, caller) => {
      if (!args.channel || !args.user) return { ok: false, error: 'invalid_arguments' };
      if (!this.reaches(caller, String(args.channel))) return { ok: false, error: 'channel_not_found' };
      const user = this.users.get(String(args.user));
      if (user && !this.sees(caller, user)) return { ok: false, error: 'user_not_in_channel' };
      const refused = this.refuseMessage('chat.postEphemeral', args);
      if (refused) return refused;
      return { ok: true, message_ts: this.nextTs() };
    },
    // A DM with a member the token sees; the DM then belongs to that workspace. A member the fake
    // doesn't know is accepted only with the default token (tests that never added the person).
    'conversations.open': (args, caller) => {
      const ids = String(args.users ?? '')
        .split(',')
        .filter(Boolean);
      if (!ids.length) return { ok: false, error: 'users_list_not_supplied' };
      for (const id of ids) {
        const user = this.users.get(id);
        if (user ? !this.sees(caller, user) : !caller.grant.legacy) return { ok: false, error: 'user_not_found' };
      }
      const channel = `D${ids[0]}`;
      if (!this.channelTeams.has(channel) && !caller.grant.legacy) this.channelTeams.set(channel, caller.teamId);
      return { ok: true, channel: { id: channel } };
    },
    'users.info': (args, caller) => {
      const user = this.users.get(String(args.user));
      return user && this.sees(caller, user)
        ? { ok: true, user: this.toSlackUser(user) }
        : { ok: false, error: 'user_not_found' };
    },
    // Paged by cursor as Slack pages it: `limit` at most 1000 (Slack refuses more), next_cursor
    // empty on the last page, and deactivated users, bots and Slackbot listed like everyone else.
    // The workspace's members: an org-wide token lists the workspace its team_id names, or the org's.
    'users.list': (args, caller) => {
      const limit = args.limit === undefined ? MAX_LIST_LIMIT : Number(args.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIST_LIMIT) return { ok: false, error: 'invalid_limit' };
      // docs.slack.dev/reference/methods/users.list: team_id is required with an org token.
      if (caller.grant.isEnterpriseInstall && !args.team_id) return { ok: false, error: 'invalid_arguments' };
      const scope: Caller =
        caller.grant.isEnterpriseInstall && caller.teams.has(caller.teamId)
          ? { ...caller, teams: new Set([caller.teamId]) }
          : caller;
      const everyone = [SLACKBOT, ...[...this.users.values()].filter((user) => this.sees(scope, user))];
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
        members: page.map((user) => this.toSlackUser(user)),
        cache_ts: Math.floor(Date.now() / 1000),
        response_metadata: { next_cursor: next ? Buffer.from(`user:${next.id}`).toString('base64') : '' },
      };
    },
    'users.lookupByEmail': (args, caller) => {
      const email = String(args.email).toLowerCase();
      const user = [...this.users.values()].find(
        (candidate) => candidate.email.toLowerCase() === email && this.sees(caller, candidate),
      );
      return user ? { ok: true, user: this.toSlackUser(user) } : { ok: false, error: 'users_not_found' };
    },
  };

  /**
   * Whether a token may post in a channel: a channel of another workspace (addChannel, or a DM
   * opened there), or a member of another workspace named as the channel, is not found.
   */
  private reaches(caller: Caller, channel: string): boolean {
    const owner = this.channelTeams.get(channel);
    if (owner !== undefined) return this.speaksFor(caller, owner);
    const member = this.users.get(channel);
    return member ? this.sees(caller, member) : true;
  }

  /** A member as Slack answers them; a Grid member carries enterprise_user. */
  private toSlackUser(user: FakeSlackUser) {
    const enterpriseId = this.teams.get(user.teamId)?.enterpriseId;
    const enterprise = enterpriseId ? this.enterprises.get(enterpriseId) : undefined;
    return {
      ...toSlackUser(user),
      ...(enterprise
        ? {
            enterprise_user: {
              id: user.id,
              enterprise_id: enterprise.enterpriseId,
              enterprise_name: enterprise.name,
              is_admin: false,
              is_owner: false,
              teams: [user.teamId, ...(user.otherTeamIds ?? [])],
            },
          }
        : {}),
    };
  }

  private openView(args: Record<string, any>, push: boolean, caller: Caller) {
    const trigger = this.triggers.get(String(args.trigger_id));
    if (!trigger || trigger.used) return { ok: false, error: 'invalid_trigger_id' };
    const sentFrom = this.triggerTeams.get(String(args.trigger_id));
    if (sentFrom !== undefined && !this.speaksFor(caller, sentFrom)) return { ok: false, error: 'invalid_trigger_id' };
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

/** The token of an `Authorization: Bearer …` header. */
function bearer(authorization: string | undefined): string | undefined {
  return /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
}

/** A workspace's subdomain from its name. */
function slug(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'workspace'
  );
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
