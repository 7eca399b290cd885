import { createHmac } from 'node:crypto';

/** Slack's request signature: v0=HMAC-SHA256(secret, "v0:{timestamp}:{raw body}"). */
export function slackSignature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface SignOptions {
  /** Seconds since the epoch; defaults to now. */
  timestamp?: number;
  /** Sign with this secret instead of the app's (a forged request). */
  secret?: string;
}

/** The app's HTTP answer; tests read its JSON loosely. */
export interface SlackResponse {
  status: number;
  text(): Promise<string>;
  json(): Promise<any>;
}

/** POSTs a body to the app's events endpoint exactly as Slack does. */
export async function postSigned(
  endpoint: string,
  secret: string,
  body: string,
  options: SignOptions & { contentType?: string } = {},
): Promise<SlackResponse> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  return fetch(endpoint, {
    method: 'POST',
    headers: {
      'content-type': options.contentType ?? 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': slackSignature(options.secret ?? secret, timestamp, body),
    },
    body,
  });
}

/**
 * Who sends a request, and what Slack says with it about their workspace: the team, its
 * Enterprise Grid org (if any), and whether the app is installed org-wide there. The harness
 * fills the org and installation from the fake Slack unless a test names them.
 */
export interface SlackPerson {
  userId: string;
  teamId: string;
  /** The workspace's Enterprise Grid org. */
  enterpriseId?: string;
  enterpriseName?: string;
  /** The app is installed org-wide in the person's org (Slack says so in every request). */
  isEnterpriseInstall?: boolean;
  /** The app's bot user for the installation (an event's authorizations[0].user_id); UBOT by default. */
  botUserId?: string;
}

export function slashCommandBody(
  person: SlackPerson,
  command: string,
  text: string,
  extra: { triggerId: string; responseUrl: string; channelId?: string },
): string {
  return new URLSearchParams({
    token: 'legacy-verification-token',
    team_id: person.teamId,
    team_domain: 'switchboard-test',
    ...(person.enterpriseId
      ? { enterprise_id: person.enterpriseId, enterprise_name: person.enterpriseName ?? person.enterpriseId }
      : {}),
    // A command says this as a string.
    is_enterprise_install: String(person.isEnterpriseInstall ?? false),
    channel_id: extra.channelId ?? 'C0COMMANDS',
    channel_name: 'general',
    user_id: person.userId,
    user_name: person.userId.toLowerCase(),
    command,
    text,
    api_app_id: 'A0SWITCHBOARD',
    response_url: extra.responseUrl,
    trigger_id: extra.triggerId,
  }).toString();
}

/** Interactions (view submissions, clicks, option searches) arrive as payload=<json>. */
export function interactionBody(payload: Record<string, unknown>): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

export type StateValues = Record<string, Record<string, Record<string, unknown>>>;

/** What every interaction payload says about who sent it (and their workspace's org). */
function sentBy(person: SlackPerson) {
  const enterprise = person.enterpriseId
    ? { id: person.enterpriseId, name: person.enterpriseName ?? person.enterpriseId }
    : null;
  return {
    team: {
      id: person.teamId,
      domain: 'switchboard-test',
      ...(enterprise ? { enterprise_id: enterprise.id, enterprise_name: enterprise.name } : {}),
    },
    user: { id: person.userId, team_id: person.teamId, name: person.userId.toLowerCase() },
    enterprise,
    is_enterprise_install: person.isEnterpriseInstall ?? false,
    api_app_id: 'A0SWITCHBOARD',
    token: 'legacy-verification-token',
  };
}

export function viewSubmissionPayload(
  person: SlackPerson,
  view: { callbackId: string; values: StateValues; privateMetadata?: string; id?: string },
  triggerId: string,
) {
  return {
    type: 'view_submission',
    ...sentBy(person),
    trigger_id: triggerId,
    view: {
      id: view.id ?? 'V0SUBMITTED',
      team_id: person.teamId,
      // The workspace the app is installed in (none for an org-wide install).
      ...(person.isEnterpriseInstall ? {} : { app_installed_team_id: person.teamId }),
      type: 'modal',
      callback_id: view.callbackId,
      private_metadata: view.privateMetadata ?? '',
      state: { values: view.values },
      hash: '1700000000.abcdef',
      blocks: [],
    },
  };
}

export function blockSuggestionPayload(
  person: SlackPerson,
  actionId: string,
  blockId: string,
  value: string,
  privateMetadata = '',
) {
  return {
    type: 'block_suggestion',
    ...sentBy(person),
    action_id: actionId,
    block_id: blockId,
    value,
    view: {
      id: 'V0OPEN',
      type: 'modal',
      callback_id: 'add_user',
      private_metadata: privateMetadata,
      state: { values: {} },
    },
  };
}

export type ActionPayload =
  | { type: 'button'; action_id: string; value: string; block_id?: string }
  | { type: 'static_select' | 'overflow'; action_id: string; selected_option: { value: string }; block_id?: string };

/** The state Slack sends for a file input: the uploaded files. */
export function fileState(block: string, files: object[]): StateValues {
  return { [block]: { value: { type: 'file_input', files } } };
}

/** A click on a message's button or menu, as Slack sends it, with a response_url to answer on. */
/** Where a click happened: a message (by default an ephemeral one in C0COMMANDS) or a modal. */
export interface ClickPlace {
  message?: { channel: string; ts: string };
  view?: { id: string; callbackId: string; values: StateValues; privateMetadata?: string };
  /** Instead of a fresh one from the fake (a press only; a click answers on its own). */
  responseUrl?: string;
}

export function blockActionPayload(
  person: SlackPerson,
  action: ActionPayload,
  extra: { triggerId: string; responseUrl: string } & ClickPlace,
) {
  const common = {
    type: 'block_actions',
    ...sentBy(person),
    trigger_id: extra.triggerId,
    actions: [{ block_id: 'b', action_ts: '1700000000.000200', ...action }],
  };
  if (extra.view) {
    return {
      ...common,
      container: { type: 'view', view_id: extra.view.id },
      view: {
        id: extra.view.id,
        type: 'modal',
        callback_id: extra.view.callbackId,
        private_metadata: extra.view.privateMetadata ?? '',
        state: { values: extra.view.values },
        hash: '1700000000.abcdef',
        blocks: [],
      },
    };
  }
  const message = extra.message ?? { channel: 'C0COMMANDS', ts: '1700000000.000100' };
  return {
    ...common,
    response_url: extra.responseUrl,
    container: { type: 'message', message_ts: message.ts, channel_id: message.channel, is_ephemeral: !extra.message },
    channel: { id: message.channel, name: 'general' },
    message: { ts: message.ts, type: 'message' },
  };
}

/** The state Slack sends for text inputs (block id → value) and checkboxes (block id → values). */
export function stateValues(
  texts: Record<string, string | undefined>,
  checkboxes: Record<string, string[]> = {},
): StateValues {
  const state: StateValues = {};
  for (const [block, value] of Object.entries(texts))
    state[block] = { value: { type: 'plain_text_input', value: value ?? null } };
  for (const [block, values] of Object.entries(checkboxes)) {
    state[block] = {
      value: {
        type: 'checkboxes',
        selected_options: values.map((value) => ({ text: { type: 'plain_text', text: value }, value })),
      },
    };
  }
  return state;
}

/**
 * An Events API delivery (JSON), e.g. app_home_opened, as Slack sends an event_callback: the
 * workspace and org it happened in, and in authorizations[0] the installation it is for (team_id
 * null and is_enterprise_install for an org-wide one).
 */
export function eventBody(person: SlackPerson, event: Record<string, unknown>): string {
  const enterpriseId = person.enterpriseId ?? null;
  return JSON.stringify({
    token: 'legacy-verification-token',
    team_id: person.teamId,
    ...(enterpriseId ? { enterprise_id: enterpriseId } : {}),
    context_team_id: person.teamId,
    context_enterprise_id: enterpriseId,
    api_app_id: 'A0SWITCHBOARD',
    type: 'event_callback',
    event_id: `Ev${Date.now()}${Math.floor(Math.random() * 1e6)}`,
    event_time: Math.floor(Date.now() / 1000),
    event: { user: person.userId, event_ts: `${Date.now() / 1000}`, ...event },
    authorizations: [
      {
        enterprise_id: enterpriseId,
        team_id: person.isEnterpriseInstall ? null : person.teamId,
        user_id: person.botUserId ?? 'UBOT',
        is_bot: true,
        is_enterprise_install: person.isEnterpriseInstall ?? false,
      },
    ],
    is_ext_shared_channel: false,
    event_context: `EC${person.teamId}`,
  });
}
