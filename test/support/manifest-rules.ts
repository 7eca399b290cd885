// Checks a Slack app manifest (manifests/*.json) against the rules Slack applies to it, so that a manifest Slack
// would refuse fails `npx vitest run test/slack/manifest.test.ts` instead of the app-settings page. Slack's own
// check (apps.manifest.validate) needs a token and the network, which tests don't have.
//
// Where each rule comes from:
// [schema] Slack's published manifest JSON schema: slackapi/manifest-schema, schemas/manifest.schema.1.0.0.json
//    (the schema for _metadata.major_version 1), vendored in slack-manifest.schema.1.0.0.json beside this file
//    (MIT, © Slack Technologies; commit and licence in its $comment) and checked with ajv. It gives every field,
//    type, required field and limit: display_information.name 1–35, description 1–140, long_description
//    175–4000, background_color #rgb/#rrggbb; bot_user.display_name 1–80; 1–50 slash commands, each with
//    `command` 2–32 starting with "/", `description` required 1–2000, `usage_hint` 1–1000, `url` http(s) ≤ 3000;
//    1–10 shortcuts (type global|message, name 1–24, callback_id 1–255, description 1–150); ≤ 255 scopes of
//    each kind; ≤ 100 bot and ≤ 100 user events, unique; ≤ 1000 unique redirect_urls; interactivity needs
//    is_enabled; no unknown fields anywhere (a misspelt field is refused).
//    The schema spells the background_color pattern `regex` (a keyword JSON Schema doesn't know); it is enforced
//    here as a pattern, as @slack/web-api's manifest type describes the same rule ("3-digit or 6-digit hex").
//    docs.slack.dev/reference/app-manifest says long_description's minimum is 174; the schema's 175 is kept.
// [sdk] @slack/web-api 8.2.0 (dist/types/request/manifest.d.ts, the type of apps.manifest.create/validate):
//    the bot scope, user scope and event names a manifest may use (BOT_SCOPES, USER_SCOPES, EVENTS below; tsc
//    checks each list equals the SDK's type, so a newer SDK that renames one breaks the build, not Slack), and
//    "the full `https` URL" for every request URL (slash command url, interactivity request_url and
//    message_menu_options_url, event_subscriptions.request_url).
// [builtin] Built-in commands an app can't declare: docs.slack.dev/interactivity/implementing-slash-commands
//    ("There is a set of built-in slash commands. These include … /topic and /remind") links to Slack's help
//    article slack.com/help/articles/201259356-Use-built-in-slash-commands for the list, which the search tool
//    could not read; BUILT_IN_COMMANDS is the list in this task's brief plus the one quoted from that article in
//    hermes-agent's hermes_cli/commands.py (_SLACK_RESERVED_COMMANDS: adds /pro).
// [names] Command names are lowercase without spaces, and each is declared once: Slack routes a command by its
//    name (docs.slack.dev/interactivity/implementing-slash-commands: "/todo – this is the command … where to
//    route it"). The lowercase rule is not stated on docs.slack.dev; it is the brief's and hermes-agent's
//    ("Slack slash names: lowercase a-z, 0-9, hyphens, underscores").
// [scopes] docs.slack.dev/reference/scopes/commands: "This scope enables shortcuts and slash commands for a
//    workspace", so an app that declares either asks for the `commands` bot scope.
// [oauth] redirect_urls are https: the schema accepts anything ("we accept anything like '://asdf'"); Slack
//    refuses a non-https redirect URL when it is used (not stated on docs.slack.dev; Auth.js's Slack provider
//    notes it). Checked whenever redirect_urls are present.
// [project] usageHintProblems (not Slack's; run by test/slack/manifest.test.ts, not by checkManifest): a usage
//    hint reads as a syntax: no blank ends, no leading or trailing "|", no empty alternative, brackets and
//    quotes that close.
// [modes] docs.slack.dev/apis/events-api/using-socket-mode: Socket Mode lets an app use "the Events API and
//    interactive features—without exposing a public HTTP Request URL … Slack will use a WebSocket URL". So in
//    HTTP mode (socket_mode_enabled not true) every slash command needs a url, enabled interactivity a
//    request_url and subscribed events an event_subscriptions.request_url, or Slack has nowhere to send them; a
//    Socket Mode manifest has no URL at all (Slack would not use one; this project's rule, so the two manifests
//    can't drift apart unnoticed).
// [version] _metadata.major_version, when given, is 1: these are the rules of the 1.0.0 schema.
//
// Not checked: what apps.manifest.validate checks beyond the schema (needs a token and the network); which
// scope each event needs (e.g. message.im needs im:history: neither the schema nor the SDK lists it); the
// characters of bot_user.display_name (@slack/web-api's JSDoc says "a-z, 0-9, -, _, and ."; the schema has no
// such rule and this app's "Switchboard" would break it, so it is left to Slack); the full list of built-in
// commands, which only Slack's help centre has.
import { readFileSync } from 'node:fs';
import type { AppsManifestValidateArguments } from '@slack/web-api';
import { Ajv, type ErrorObject } from 'ajv';

type Json = Record<string, any>;
type SdkManifest = AppsManifestValidateArguments['manifest'];
type SdkScopes = NonNullable<NonNullable<SdkManifest['oauth_config']>['scopes']>;
type BotScope = NonNullable<SdkScopes['bot']>[number];
type UserScope = NonNullable<SdkScopes['user']>[number];
type EventName = NonNullable<
  NonNullable<NonNullable<SdkManifest['settings']>['event_subscriptions']>['bot_events']
>[number];

/** [builtin] */
export const BUILT_IN_COMMANDS = [
  '/active',
  '/apps',
  '/away',
  '/collapse',
  '/dm',
  '/dnd',
  '/expand',
  '/feed',
  '/invite',
  '/join',
  '/leave',
  '/me',
  '/msg',
  '/mute',
  '/open',
  '/prefs',
  '/pro',
  '/remind',
  '/search',
  '/shortcuts',
  '/shrug',
  '/star',
  '/status',
  '/topic',
  '/who',
] as const;

/** [sdk] BotScope, less its 'none' (not a scope anyone could ask for). */
export const BOT_SCOPES = [
  'app_mentions:read',
  'bookmarks:read',
  'bookmarks:write',
  'calls:read',
  'calls:write',
  'channels:history',
  'channels:join',
  'channels:manage',
  'channels:read',
  'channels:write.invites',
  'channels:write.topic',
  'chat:write',
  'chat:write.customize',
  'chat:write.public',
  'commands',
  'conversations.connect:manage',
  'conversations.connect:read',
  'conversations.connect:write',
  'datastore:read',
  'datastore:write',
  'dnd:read',
  'emoji:read',
  'files:read',
  'files:write',
  'groups:history',
  'groups:read',
  'groups:write',
  'groups:write.invites',
  'groups:write.topic',
  'im:history',
  'im:read',
  'im:write',
  'incoming-webhook',
  'links.embed:write',
  'links:read',
  'links:write',
  'metadata.message:read',
  'mpim:history',
  'mpim:read',
  'mpim:write',
  'mpim:write.invites',
  'mpim:write.topic',
  'pins:read',
  'pins:write',
  'reactions:read',
  'reactions:write',
  'reminders:read',
  'reminders:write',
  'remote_files:read',
  'remote_files:share',
  'remote_files:write',
  'team.billing:read',
  'team.preferences:read',
  'team:read',
  'tokens.basic',
  'triggers:read',
  'triggers:write',
  'usergroups:read',
  'usergroups:write',
  'users.profile:read',
  'users:read',
  'users:read.email',
  'users:write',
  'workflow.steps:execute',
] as const satisfies readonly BotScope[];

/** [sdk] UserScope. */
export const USER_SCOPES = [
  'admin',
  'admin.analytics:read',
  'admin.app_activities:read',
  'admin.apps:read',
  'admin.apps:write',
  'admin.barriers:read',
  'admin.barriers:write',
  'admin.conversations:read',
  'admin.conversations:write',
  'admin.invites:read',
  'admin.invites:write',
  'admin.roles:read',
  'admin.roles:write',
  'admin.teams:read',
  'admin.teams:write',
  'admin.usergroups:read',
  'admin.usergroups:write',
  'admin.users:read',
  'admin.users:write',
  'admin.workflows:read',
  'admin.workflows:write',
  'auditlogs:read',
  'bookmarks:read',
  'bookmarks:write',
  'calls:read',
  'calls:write',
  'channels:history',
  'channels:read',
  'channels:write',
  'channels:write.invites',
  'channels:write.topic',
  'chat:write',
  'chat:write:bot',
  'chat:write:user',
  'commands',
  'dnd:read',
  'dnd:write',
  'email',
  'emoji:read',
  'files:read',
  'files:write',
  'files:write:user',
  'groups:history',
  'groups:read',
  'groups:write',
  'groups:write.invites',
  'groups:write.topic',
  'identity.avatar',
  'identity.basic',
  'identity.email',
  'identity.team',
  'im:history',
  'im:read',
  'im:write',
  'incoming-webhook',
  'links.embed:write',
  'links:read',
  'links:write',
  'mpim:history',
  'mpim:read',
  'mpim:write',
  'mpim:write.invites',
  'mpim:write.topic',
  'openid',
  'pins:read',
  'pins:write',
  'profile',
  'reactions:read',
  'reactions:write',
  'reminders:read',
  'reminders:write',
  'remote_files:read',
  'remote_files:share',
  'search:read',
  'stars:read',
  'stars:write',
  'team.billing:read',
  'team.preferences:read',
  'team:read',
  'tokens.basic',
  'usergroups:read',
  'usergroups:write',
  'users.profile:read',
  'users.profile:write',
  'users:read',
  'users:read.email',
  'users:write',
] as const satisfies readonly UserScope[];

/** [sdk] ManifestEvent: the events bot_events and user_events may name. */
export const EVENTS = [
  'app_context_changed',
  'app_home_opened',
  'app_mention',
  'app_rate_limited',
  'app_requested',
  'app_uninstalled',
  'assistant_thread_context_changed',
  'assistant_thread_started',
  'call_rejected',
  'channel_archive',
  'channel_created',
  'channel_deleted',
  'channel_history_changed',
  'channel_id_changed',
  'channel_left',
  'channel_rename',
  'channel_shared',
  'channel_unarchive',
  'channel_unshared',
  'dnd_updated',
  'dnd_updated_user',
  'email_domain_changed',
  'emoji_changed',
  'entity_details_requested',
  'file_change',
  'file_comment_added',
  'file_comment_deleted',
  'file_comment_edited',
  'file_created',
  'file_deleted',
  'file_public',
  'file_shared',
  'file_unshared',
  'grid_migration_finished',
  'grid_migration_started',
  'group_archive',
  'group_close',
  'group_deleted',
  'group_history_changed',
  'group_left',
  'group_open',
  'group_rename',
  'group_unarchive',
  'im_close',
  'im_created',
  'im_history_changed',
  'im_open',
  'invite_requested',
  'link_shared',
  'member_joined_channel',
  'member_left_channel',
  'message',
  'message.app_home',
  'message.channels',
  'message.groups',
  'message.im',
  'message.mpim',
  'message_metadata_deleted',
  'message_metadata_posted',
  'message_metadata_updated',
  'pin_added',
  'pin_removed',
  'reaction_added',
  'reaction_removed',
  'resources_added',
  'resources_removed',
  'scope_denied',
  'scope_granted',
  'shared_channel_invite_accepted',
  'shared_channel_invite_approved',
  'shared_channel_invite_declined',
  'shared_channel_invite_received',
  'star_added',
  'star_removed',
  'subteam_created',
  'subteam_members_changed',
  'subteam_self_added',
  'subteam_self_removed',
  'subteam_updated',
  'team_access_granted',
  'team_access_revoked',
  'team_domain_change',
  'team_join',
  'team_rename',
  'tokens_revoked',
  'url_verification',
  'user_change',
  'user_huddle_changed',
  'user_profile_changed',
  'user_resource_denied',
  'user_resource_granted',
  'user_resource_removed',
  'user_status_changed',
  'workflow_deleted',
  'workflow_published',
  'workflow_step_deleted',
  'workflow_step_execute',
  'workflow_unpublished',
] as const satisfies readonly EventName[];

// tsc fails here when @slack/web-api knows a name these lists lack (the `satisfies` above catch the reverse).
type Covers<Listed, All> = [Exclude<All, Listed>] extends [never] ? true : false;
export type ListsMatchTheSdk = [
  Covers<(typeof BOT_SCOPES)[number] | 'none', BotScope>,
  Covers<(typeof USER_SCOPES)[number], UserScope>,
  Covers<(typeof EVENTS)[number], EventName>,
] extends [true, true, true]
  ? true
  : never;
export const LISTS_MATCH_THE_SDK: ListsMatchTheSdk = true;

const SCHEMA_FILE = new URL('./slack-manifest.schema.1.0.0.json', import.meta.url);

function schemaValidator() {
  const ajv = new Ajv({ allErrors: true, strictTypes: false });
  ajv.addKeyword({ keyword: '_note' }); // the schema's own annotations
  ajv.addKeyword({
    keyword: 'regex', // [schema] background_color's pattern, as the schema spells it
    type: 'string',
    schemaType: 'string',
    validate: (pattern: string, value: string) => new RegExp(pattern, 'u').test(value),
    error: { message: ({ schema }) => `must match pattern "${schema}"` },
  });
  ajv.addFormat('uri', (value: string) => URL.canParse(value));
  return ajv.compile(JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')));
}

let validate: ReturnType<typeof schemaValidator> | undefined;

function schemaProblem(error: ErrorObject): string {
  const where = error.instancePath || '/';
  if (error.keyword === 'additionalProperties') return `${where}: unknown field "${error.params.additionalProperty}"`;
  return `${where}: ${error.message}`;
}

const isHttps = (url: unknown) => typeof url === 'string' && URL.canParse(url) && new URL(url).protocol === 'https:';
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** Every rule a manifest breaks, each as "<JSON pointer>: <what is wrong>"; [] when it follows them all. */
export function checkManifest(manifest: unknown): string[] {
  validate ??= schemaValidator();
  const problems = validate(manifest) ? [] : (validate.errors ?? []).map(schemaProblem);
  if (!manifest || typeof manifest !== 'object' || Array.isArray(manifest)) return problems;
  const m = manifest as Json;

  // [version]
  const major = m._metadata?.major_version;
  if (major !== undefined && major !== 1)
    problems.push(`/_metadata/major_version: ${major}, but these rules are Slack's schema for major version 1`);

  // [names] [builtin]
  const commands = list(m.features?.slash_commands).filter((c): c is Json => !!c && typeof c === 'object');
  const seen = new Set<string>();
  commands.forEach((entry, i) => {
    const command = entry.command;
    if (typeof command !== 'string') return;
    const at = `/features/slash_commands/${i}/command`;
    if (/\s/.test(command) || command !== command.toLowerCase())
      problems.push(`${at}: "${command}" must be lowercase, without spaces`);
    if (seen.has(command)) problems.push(`${at}: "${command}" is declared twice`);
    seen.add(command);
    if ((BUILT_IN_COMMANDS as readonly string[]).includes(command.toLowerCase()))
      problems.push(`${at}: "${command}" is one of Slack's built-in commands`);
  });

  // [sdk] [scopes]
  const scopes = m.oauth_config?.scopes ?? {};
  const known: Record<string, readonly string[]> = {
    bot: BOT_SCOPES,
    bot_optional: BOT_SCOPES,
    user: USER_SCOPES,
    user_optional: USER_SCOPES,
  };
  for (const [kind, names] of Object.entries(known)) {
    list(scopes[kind]).forEach((scope, i) => {
      if (typeof scope === 'string' && !names.includes(scope))
        problems.push(`/oauth_config/scopes/${kind}/${i}: "${scope}" is not a Slack ${kind.split('_')[0]} scope`);
    });
  }
  if ((commands.length || list(m.features?.shortcuts).length) && !list(scopes.bot).includes('commands'))
    problems.push('/oauth_config/scopes/bot: slash commands and shortcuts need the "commands" scope');

  const events = m.settings?.event_subscriptions ?? {};
  for (const kind of ['bot_events', 'user_events']) {
    list(events[kind]).forEach((event, i) => {
      if (typeof event === 'string' && !(EVENTS as readonly string[]).includes(event))
        problems.push(`/settings/event_subscriptions/${kind}/${i}: "${event}" is not a Slack event`);
    });
  }

  // [sdk] [oauth]: every URL given is https.
  const interactivity = m.settings?.interactivity ?? {};
  const urls: [string, unknown][] = [
    ...commands.map((entry, i): [string, unknown] => [`/features/slash_commands/${i}/url`, entry.url]),
    ['/settings/interactivity/request_url', interactivity.request_url],
    ['/settings/interactivity/message_menu_options_url', interactivity.message_menu_options_url],
    ['/settings/event_subscriptions/request_url', events.request_url],
    ...list(m.oauth_config?.redirect_urls).map((url, i): [string, unknown] => [
      `/oauth_config/redirect_urls/${i}`,
      url,
    ]),
  ];
  for (const [at, url] of urls) {
    if (url !== undefined && !isHttps(url)) problems.push(`${at}: ${JSON.stringify(url)} is not an https URL`);
  }

  // [modes]
  if (m.settings?.socket_mode_enabled === true) {
    for (const [at, url] of urls) {
      if (url !== undefined && !at.startsWith('/oauth_config'))
        problems.push(`${at}: a Socket Mode app gets this over its socket; remove the URL`);
    }
  } else {
    commands.forEach((entry, i) => {
      if (entry.url === undefined)
        problems.push(`/features/slash_commands/${i}/url: an HTTP-mode app needs a URL for each command`);
    });
    if (interactivity.is_enabled === true && interactivity.request_url === undefined)
      problems.push('/settings/interactivity/request_url: an HTTP-mode app with interactivity needs it');
    const subscribed = list(events.bot_events).length + list(events.user_events).length;
    if (subscribed && events.request_url === undefined)
      problems.push('/settings/event_subscriptions/request_url: an HTTP-mode app that subscribes to events needs it');
  }
  return problems;
}

/** [project] Why a usage hint would read wrongly in Slack's command menu; [] when it reads as a syntax. */
export function usageHintProblems(hint: string): string[] {
  const problems: string[] = [];
  if (hint !== hint.trim()) problems.push('starts or ends with a space');
  if (/^\s*\||\|\s*$/.test(hint)) problems.push('starts or ends with "|"');
  if (/\|\s*\||\[\s*\]|<\s*>/.test(hint)) problems.push('has an empty alternative or bracket');
  const open: string[] = [];
  const pairs: Record<string, string> = { ']': '[', '>': '<', ')': '(' };
  for (const char of hint) {
    if ('[<('.includes(char)) open.push(char);
    else if (char in pairs && open.pop() !== pairs[char]) return [...problems, `unbalanced "${char}"`];
  }
  if (open.length) problems.push(`"${open.join('')}" not closed`);
  if ((hint.match(/"/g) ?? []).length % 2) problems.push('a quote is not closed');
  return problems;
}
