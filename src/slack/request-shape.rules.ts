import { z } from 'zod';

/**
 * Whether a parsed, correctly signed request body is one Slack sends: the kinds this app (and
 * Bolt) know, with the fields Bolt and the listeners read having the types Slack gives them. Bolt
 * itself reads these fields unchecked — a body of `null`, an event whose `user` is null or a
 * click whose `actions` holds a number throws inside it — so the receiver refuses anything else
 * with 400 before Bolt sees it (src/slack/receiver.ts). The kind is decided as Bolt decides it
 * (`event`, then `command`, then an options request, then `actions`, then `type`), so a body is
 * checked as what Bolt would take it for. Values are not judged here (lengths, characters): the
 * listeners and use cases do that, on the field, in words.
 */

/** An id Slack gives (team, user, channel, trigger, view): printable ASCII, no spaces. */
const slackId = z.string().regex(/^[\x21-\x7e]{1,255}$/, 'expected a Slack id');
const text = z.string();

const user = z.looseObject({ id: slackId, team_id: slackId.optional() });
/** `team` is null when the app is installed org-wide. */
const team = z.looseObject({ id: slackId }).nullable().optional();
const enterprise = z.looseObject({ id: slackId }).nullable().optional();
const option = z.looseObject({ value: text });

/** What an input or an interactive element holds in a view's state, or a click carries. */
const elementValues = {
  type: text,
  value: text.nullable().optional(),
  selected_option: option.nullable().optional(),
  selected_options: z.array(option).optional(),
  selected_user: text.nullable().optional(),
  selected_users: z.array(text).optional(),
  selected_channel: text.nullable().optional(),
  selected_conversation: text.nullable().optional(),
  selected_date: text.nullable().optional(),
  selected_time: text.nullable().optional(),
  files: z.array(z.looseObject({})).optional(),
};

const state = z.looseObject({
  values: z.record(z.string(), z.record(z.string(), z.looseObject(elementValues))),
});

const view = z.looseObject({
  id: slackId,
  type: text,
  callback_id: text,
  private_metadata: text,
  state: state.optional(),
  hash: text.optional(),
  app_installed_team_id: slackId.optional(),
});

/** What every interaction payload says about who sent it and where to answer. */
const interaction = {
  user,
  team,
  enterprise,
  is_enterprise_install: z.boolean().optional(),
  api_app_id: text.optional(),
  token: text.optional(),
  trigger_id: slackId.optional(),
  response_url: text.optional(),
  response_urls: z.array(z.looseObject({ response_url: text })).optional(),
  channel: z.looseObject({ id: slackId }).nullable().optional(),
  container: z.looseObject({}).optional(),
  message: z.looseObject({}).optional(),
};

const command = z.looseObject({
  command: z.string().regex(/^\/[\x21-\x7e]{1,64}$/, 'expected a slash command'),
  text,
  user_id: slackId,
  team_id: slackId,
  trigger_id: slackId,
  channel_id: slackId.optional(),
  response_url: text.optional(),
  enterprise_id: slackId.optional(),
  is_enterprise_install: text.optional(),
});

const blockActions = z.looseObject({
  ...interaction,
  type: z.literal('block_actions'),
  actions: z
    .array(z.looseObject({ ...elementValues, action_id: text, block_id: text.optional(), action_ts: text.optional() }))
    .min(1),
  view: view.optional(),
  state: state.optional(),
});

const blockSuggestion = z.looseObject({
  ...interaction,
  type: z.literal('block_suggestion'),
  action_id: text,
  block_id: text,
  value: text,
  view: view.optional(),
});

const viewSubmission = z.looseObject({
  ...interaction,
  type: z.literal('view_submission'),
  view: view.extend({ state }),
});

const viewClosed = z.looseObject({ ...interaction, type: z.literal('view_closed'), view });

const shortcut = z.looseObject({
  ...interaction,
  type: z.enum(['shortcut', 'message_action']),
  callback_id: text,
  trigger_id: slackId,
});

/** An event's fields Bolt reads to find its user and conversation (see Bolt's buildSource). */
const event = z.looseObject({
  type: text,
  user: z.union([text, z.looseObject({ id: slackId })]).optional(),
  channel: z.union([text, z.looseObject({})]).optional(),
  channel_id: text.optional(),
  item: z.looseObject({}).optional(),
  subteam: z.looseObject({}).optional(),
  tab: text.optional(),
});

const eventCallback = z.looseObject({
  type: z.literal('event_callback'),
  team_id: slackId,
  api_app_id: text.optional(),
  event,
  authorizations: z
    .array(
      z.looseObject({
        team_id: slackId.nullable().optional(),
        enterprise_id: slackId.nullable().optional(),
        is_enterprise_install: z.boolean().optional(),
      }),
    )
    .optional(),
});

const urlVerification = z.looseObject({ type: z.literal('url_verification'), challenge: text });
const sslCheck = z.looseObject({ ssl_check: z.literal('1') });
const rateLimited = z.looseObject({ type: z.literal('app_rate_limited'), team_id: slackId.optional() });

export type RequestShape = { ok: true; kind: string } | { ok: false; problem: string };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The kind Bolt would take the body for, and the schema it must then match. */
function kindOf(body: Record<string, unknown>): [string, z.ZodType] | undefined {
  if (body.event !== undefined) return ['event_callback', eventCallback];
  if (body.command !== undefined) return ['slash command', command];
  if (body.name !== undefined || body.type === 'block_suggestion') return ['block_suggestion', blockSuggestion];
  if (body.actions !== undefined || body.type === 'dialog_submission') return ['block_actions', blockActions];
  switch (body.type) {
    case 'shortcut':
    case 'message_action':
      return [body.type, shortcut];
    case 'view_submission':
      return ['view_submission', viewSubmission];
    case 'view_closed':
      return ['view_closed', viewClosed];
    case 'url_verification':
      return ['url_verification', urlVerification];
    case 'app_rate_limited':
      return ['app_rate_limited', rateLimited];
  }
  if (body.ssl_check !== undefined) return ['ssl_check', sslCheck];
  return undefined;
}

/** A description of a JSON value's type, for a log line (never the value itself). */
function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}

/**
 * Whether `body` (as parsed from a signed request: the JSON of `payload=`, a command's form, an
 * Events API body) is a well-formed Slack request; if not, what is wrong with it, in words that
 * name fields and types but never repeat a value.
 */
export function checkRequestShape(body: unknown): RequestShape {
  if (!isRecord(body)) return { ok: false, problem: `the body is ${typeName(body)}, not an object` };
  const found = kindOf(body);
  if (!found) {
    const type =
      body.type === undefined
        ? 'no type'
        : typeof body.type === 'string'
          ? 'a type Slack does not send'
          : `a type that is ${typeName(body.type)}`;
    return { ok: false, problem: `the body has ${type}, and no command, actions or event` };
  }
  const [kind, schema] = found;
  const parsed = schema.safeParse(body);
  if (parsed.success) return { ok: true, kind };
  const issue = parsed.error.issues[0]!;
  const where = issue.path.length ? issue.path.map(String).join('.') : 'the body';
  return { ok: false, problem: `${kind}: ${where}: ${describeIssue(issue)}` };
}

/** Zod's words for an issue, without the received value (a literal's message may include it). */
function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${issue.expected}`;
    case 'invalid_value':
      return 'unexpected value';
    case 'invalid_format':
      return issue.message.replace(/:.*$/s, '');
    case 'too_small':
      return 'too short or empty';
    case 'invalid_union':
      return 'has the wrong type';
    default:
      return issue.code.replaceAll('_', ' ');
  }
}

/** The kinds of request each Socket Mode envelope type carries. */
const ENVELOPE_KINDS: Readonly<Record<string, readonly string[]>> = {
  events_api: ['event_callback'],
  slash_commands: ['slash command'],
  interactive: ['block_actions', 'block_suggestion', 'view_submission', 'view_closed', 'shortcut', 'message_action'],
};

export type EnvelopeShape = { ok: true; kind: string } | { ok: false; problem: string; envelopeId?: string };

/**
 * Whether a Socket Mode message (parsed JSON, or anything else when it wasn't JSON) is an
 * envelope Slack sends: `hello`, `disconnect`, or a request envelope with an id and a well-formed
 * request of its kind. When not, what is wrong, and the envelope's id when it has one (to
 * acknowledge it, so Slack doesn't deliver it again).
 */
export function checkEnvelopeShape(message: unknown): EnvelopeShape {
  if (!isRecord(message)) return { ok: false, problem: `the message is ${typeName(message)}, not a JSON object` };
  if (message.type === 'hello' || message.type === 'disconnect') return { ok: true, kind: message.type };
  const kinds = typeof message.type === 'string' ? ENVELOPE_KINDS[message.type] : undefined;
  if (!kinds || !Object.hasOwn(ENVELOPE_KINDS, message.type as string)) {
    return { ok: false, problem: 'the envelope has no type or one Slack does not send' };
  }
  const id = message.envelope_id;
  if (typeof id !== 'string' || !slackId.safeParse(id).success) {
    return { ok: false, problem: `the ${message.type as string} envelope has no envelope id` };
  }
  const request = checkRequestShape(message.payload);
  if (!request.ok) return { ok: false, problem: request.problem, envelopeId: id };
  if (!kinds.includes(request.kind)) {
    return { ok: false, problem: `the ${message.type as string} envelope carries a ${request.kind}`, envelopeId: id };
  }
  return request;
}
