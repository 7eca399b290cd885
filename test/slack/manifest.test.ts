import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SLASH_COMMAND_CATALOG } from '../../src/slack/app.ts';
import { buildManifest } from '../../src/slack/manifest.rules.ts';
import { BUILT_IN_COMMANDS, checkManifest, usageHintProblems } from '../support/manifest-rules.ts';

type Json = Record<string, any>;

const root = path.resolve(import.meta.dirname, '../..');
const manifestDir = path.join(root, 'manifests');
// Every manifest in manifests/: a new one is checked without touching this file.
const MANIFESTS = readdirSync(manifestDir)
  .filter((name) => name.endsWith('.json'))
  .sort();

function manifest(name: string): Json {
  return JSON.parse(readFileSync(path.join(manifestDir, name), 'utf8'));
}

const isSocketMode = (m: Json) => m.settings?.socket_mode_enabled === true;

it('finds the HTTP and the Socket Mode manifest', () => {
  expect(MANIFESTS).toEqual(expect.arrayContaining(['slack-app.json', 'slack-app.socket-mode.json']));
  expect(isSocketMode(manifest('slack-app.json'))).toBe(false);
  expect(isSocketMode(manifest('slack-app.socket-mode.json'))).toBe(true);
});

describe.each(MANIFESTS)('%s', (name) => {
  it("follows Slack's manifest rules (test/support/manifest-rules.ts)", () => {
    expect(checkManifest(manifest(name))).toEqual([]);
  });

  it('declares exactly the slash commands the app answers (but those reached only as /switchboard <command>)', () => {
    const declared = manifest(name).features.slash_commands.map((c: { command: string }) => c.command);
    const declarable = SLASH_COMMAND_CATALOG.filter((c) => !c.routerOnly).map((c) => c.command);
    expect(declared.sort()).toEqual(declarable.sort());
  });

  it('asks for the bot scopes the app uses', () => {
    const scopes = manifest(name).oauth_config.scopes.bot;
    expect(scopes).toEqual(expect.arrayContaining(['commands', 'chat:write', 'im:write']));
  });

  it('enables interactivity (modals, buttons, searchable menus)', () => {
    expect(manifest(name).settings.interactivity.is_enabled).toBe(true);
  });

  it('gives every command a description and usage hint that read as a syntax', () => {
    for (const { command, description, usage_hint } of manifest(name).features.slash_commands) {
      expect({ command, description: description === description.trim() }).toEqual({ command, description: true });
      if (usage_hint !== undefined)
        expect({ command, problems: usageHintProblems(usage_hint) }).toEqual({ command, problems: [] });
    }
  });
});

it.each(MANIFESTS.filter((name) => !isSocketMode(manifest(name))))(
  '%s sends every HTTP request to /slack/events',
  (name) => {
    const http = manifest(name);
    const urls = [
      ...http.features.slash_commands.map((c: { url: string }) => c.url),
      http.settings.interactivity.request_url,
      http.settings.interactivity.message_menu_options_url,
      http.settings.event_subscriptions.request_url,
    ];
    for (const url of urls) expect(new URL(url).pathname).toBe('/slack/events');
  },
);

it('describes one app in every manifest: they differ only in how Slack reaches it', () => {
  const withoutTransport = (name: string) => {
    const m = manifest(name);
    for (const command of m.features.slash_commands) delete command.url;
    delete m.settings.interactivity.request_url;
    delete m.settings.interactivity.message_menu_options_url;
    delete m.settings.event_subscriptions?.request_url;
    delete m.settings.socket_mode_enabled;
    return m;
  };
  const [first, ...others] = MANIFESTS;
  for (const name of others) expect({ name, ...withoutTransport(name) }).toEqual({ name, ...withoutTransport(first!) });
});

describe('switchboard manifest (src/slack/manifest.rules.ts)', () => {
  it('wrote the shipped manifests: regenerate them with it after changing a command', () => {
    expect(manifest('slack-app.json')).toEqual(buildManifest({ commands: SLASH_COMMAND_CATALOG }));
    expect(manifest('slack-app.socket-mode.json')).toEqual(
      buildManifest({ commands: SLASH_COMMAND_CATALOG, socketMode: true }),
    );
  });

  it.each([
    { prefix: 'sb-' },
    { prefix: 'x'.repeat(32 - '/requestadmin'.length) },
    { only: ['switchboard', 'adduser'], prefix: 'acme_' },
    { socketMode: true, prefix: 'staging-' },
    { publicUrl: 'https://sb.acme.example/' },
    { distributed: true, publicUrl: 'https://sb.acme.example' },
    { distributed: true, socketMode: true, prefix: 'sb-' },
  ])('writes one Slack accepts for %j', (choices) => {
    const made = buildManifest({ commands: SLASH_COMMAND_CATALOG, ...choices });
    expect(checkManifest(made)).toEqual([]);
    const names = (made as Json).features.slash_commands.map((c: Json) => c.command);
    if (choices.prefix) for (const name of names) expect(name.startsWith(`/${choices.prefix}`)).toBe(true);
    if (choices.only) expect(names).toEqual([`/${choices.prefix}switchboard`, `/${choices.prefix}adduser`]);
    if (choices.publicUrl)
      expect((made as Json).settings.interactivity.request_url).toBe('https://sb.acme.example/slack/events');
  });
});

describe('checkManifest', () => {
  const EVENTS_URL = 'https://switchboard.example.com/slack/events';

  function httpManifest(): Json {
    return {
      _metadata: { major_version: 1, minor_version: 1 },
      display_information: { name: 'Switchboard', description: 'Run the user lifecycle from Slack.' },
      features: {
        bot_user: { display_name: 'Switchboard', always_online: true },
        slash_commands: [{ command: '/adduser', url: EVENTS_URL, description: 'Add a user', usage_hint: '[email]' }],
      },
      oauth_config: { scopes: { bot: ['commands', 'chat:write'] } },
      settings: {
        interactivity: { is_enabled: true, request_url: EVENTS_URL, message_menu_options_url: EVENTS_URL },
        event_subscriptions: { request_url: EVENTS_URL, bot_events: ['app_home_opened'] },
        socket_mode_enabled: false,
      },
    };
  }

  function socketManifest(): Json {
    const m = httpManifest();
    delete m.features.slash_commands[0].url;
    m.settings = {
      interactivity: { is_enabled: true },
      event_subscriptions: { bot_events: ['app_home_opened'] },
      socket_mode_enabled: true,
    };
    return m;
  }

  const command = (m: Json): Json => m.features.slash_commands[0];
  const commands = (count: number) =>
    Array.from({ length: count }, (_, i) => ({ command: `/cmd${i}`, url: EVENTS_URL, description: `Command ${i}` }));
  const shortcut = (fields: Json = {}) => ({
    name: 'Add a user',
    type: 'global',
    callback_id: 'add_user',
    description: 'Opens the form',
    ...fields,
  });
  const shortcuts = (count: number) => Array.from({ length: count }, (_, i) => shortcut({ callback_id: `s${i}` }));
  const chars = (count: number) => 'x'.repeat(count);

  interface Case {
    rule: string;
    /** The manifest just inside the rule (clean: no problem at all, unless `clean` is false). */
    inside: (m: Json) => void;
    /** The manifest just outside it. */
    outside: (m: Json) => void;
    says: string;
    socket?: boolean;
    clean?: boolean;
  }

  const cases: Case[] = [
    // [schema] display_information and bot_user
    {
      rule: 'display_information.name: 1 to 35 characters (up to)',
      inside: (m) => (m.display_information.name = chars(35)),
      outside: (m) => (m.display_information.name = chars(36)),
      says: '/display_information/name: must NOT have more than 35 characters',
    },
    {
      rule: 'display_information.name: 1 to 35 characters (from)',
      inside: (m) => (m.display_information.name = 'S'),
      outside: (m) => (m.display_information.name = ''),
      says: '/display_information/name: must NOT have fewer than 1 characters',
    },
    {
      rule: 'display_information.name: required',
      inside: () => {},
      outside: (m) => delete m.display_information.name,
      says: "/display_information: must have required property 'name'",
    },
    {
      rule: 'display_information.description: up to 140 characters',
      inside: (m) => (m.display_information.description = chars(140)),
      outside: (m) => (m.display_information.description = chars(141)),
      says: '/display_information/description: must NOT have more than 140 characters',
    },
    {
      rule: 'display_information.long_description: at least 175 characters',
      inside: (m) => (m.display_information.long_description = chars(175)),
      outside: (m) => (m.display_information.long_description = chars(174)),
      says: '/display_information/long_description: must NOT have fewer than 175 characters',
    },
    {
      rule: 'display_information.long_description: up to 4000 characters',
      inside: (m) => (m.display_information.long_description = chars(4000)),
      outside: (m) => (m.display_information.long_description = chars(4001)),
      says: '/display_information/long_description: must NOT have more than 4000 characters',
    },
    {
      rule: 'display_information.long_description: optional, a string when given',
      inside: (m) => delete m.display_information.long_description,
      outside: (m) => (m.display_information.long_description = 42),
      says: '/display_information/long_description: must be string',
    },
    {
      rule: 'display_information.background_color: #rgb or #rrggbb',
      inside: (m) => (m.display_information.background_color = '#1d3557'),
      outside: (m) => (m.display_information.background_color = '#1d355'),
      says: '/display_information/background_color: must match pattern',
    },
    {
      rule: 'features.bot_user.display_name: up to 80 characters',
      inside: (m) => (m.features.bot_user.display_name = chars(80)),
      outside: (m) => (m.features.bot_user.display_name = chars(81)),
      says: '/features/bot_user/display_name: must NOT have more than 80 characters',
    },
    // [schema] [names] [builtin] slash commands
    {
      rule: 'features.slash_commands: up to 50',
      inside: (m) => (m.features.slash_commands = commands(50)),
      outside: (m) => (m.features.slash_commands = commands(51)),
      says: '/features/slash_commands: must NOT have more than 50 items',
    },
    {
      rule: 'command: up to 32 characters',
      inside: (m) => (command(m).command = `/${chars(31)}`),
      outside: (m) => (command(m).command = `/${chars(32)}`),
      says: '/features/slash_commands/0/command: must NOT have more than 32 characters',
    },
    {
      rule: 'command: at least 2 characters',
      inside: (m) => (command(m).command = '/a'),
      outside: (m) => (command(m).command = '/'),
      says: '/features/slash_commands/0/command: must NOT have fewer than 2 characters',
    },
    {
      rule: 'command: starts with "/"',
      inside: (m) => (command(m).command = '/adduser'),
      outside: (m) => (command(m).command = 'adduser'),
      says: '/features/slash_commands/0/command: must match pattern',
    },
    {
      rule: 'command: lowercase',
      inside: (m) => (command(m).command = '/add_user-2'),
      outside: (m) => (command(m).command = '/addUser'),
      says: '/features/slash_commands/0/command: "/addUser" must be lowercase, without spaces',
    },
    {
      rule: 'command: no spaces',
      inside: (m) => (command(m).command = '/add-user'),
      outside: (m) => (command(m).command = '/add user'),
      says: '/features/slash_commands/0/command: "/add user" must be lowercase, without spaces',
    },
    {
      rule: 'command: declared once',
      inside: (m) => m.features.slash_commands.push({ ...command(m), command: '/users' }),
      outside: (m) => m.features.slash_commands.push({ ...command(m) }),
      says: '/features/slash_commands/1/command: "/adduser" is declared twice',
    },
    {
      rule: 'command: not a built-in one',
      inside: (m) => (command(m).command = '/inviteusers'),
      outside: (m) => (command(m).command = '/invite'),
      says: `/features/slash_commands/0/command: "/invite" is one of Slack's built-in commands`,
    },
    {
      rule: 'command description: required',
      inside: () => {},
      outside: (m) => delete command(m).description,
      says: "/features/slash_commands/0: must have required property 'description'",
    },
    {
      rule: 'command description: up to 2000 characters',
      inside: (m) => (command(m).description = chars(2000)),
      outside: (m) => (command(m).description = chars(2001)),
      says: '/features/slash_commands/0/description: must NOT have more than 2000 characters',
    },
    {
      rule: 'command usage_hint: up to 1000 characters',
      inside: (m) => (command(m).usage_hint = chars(1000)),
      outside: (m) => (command(m).usage_hint = chars(1001)),
      says: '/features/slash_commands/0/usage_hint: must NOT have more than 1000 characters',
    },
    {
      rule: 'command usage_hint: not empty when given',
      inside: (m) => delete command(m).usage_hint,
      outside: (m) => (command(m).usage_hint = ''),
      says: '/features/slash_commands/0/usage_hint: must NOT have fewer than 1 characters',
    },
    {
      rule: 'command: no unknown field',
      inside: (m) => (command(m).should_escape = true),
      outside: (m) => (command(m).usage_hints = '[email]'),
      says: '/features/slash_commands/0: unknown field "usage_hints"',
    },
    {
      rule: 'slash commands need the commands scope',
      inside: () => {},
      outside: (m) => (m.oauth_config.scopes.bot = ['chat:write']),
      says: '/oauth_config/scopes/bot: slash commands and shortcuts need the "commands" scope',
    },
    // [schema] shortcuts
    {
      rule: 'features.shortcuts: up to 10',
      inside: (m) => (m.features.shortcuts = shortcuts(10)),
      outside: (m) => (m.features.shortcuts = shortcuts(11)),
      says: '/features/shortcuts: must NOT have more than 10 items',
    },
    {
      rule: 'shortcut name: up to 24 characters',
      inside: (m) => (m.features.shortcuts = [shortcut({ name: chars(24) })]),
      outside: (m) => (m.features.shortcuts = [shortcut({ name: chars(25) })]),
      says: '/features/shortcuts/0/name: must NOT have more than 24 characters',
    },
    {
      rule: 'shortcut description: up to 150 characters',
      inside: (m) => (m.features.shortcuts = [shortcut({ description: chars(150) })]),
      outside: (m) => (m.features.shortcuts = [shortcut({ description: chars(151) })]),
      says: '/features/shortcuts/0/description: must NOT have more than 150 characters',
    },
    {
      rule: 'shortcut callback_id: up to 255 characters',
      inside: (m) => (m.features.shortcuts = [shortcut({ callback_id: chars(255) })]),
      outside: (m) => (m.features.shortcuts = [shortcut({ callback_id: chars(256) })]),
      says: '/features/shortcuts/0/callback_id: must NOT have more than 255 characters',
    },
    {
      rule: 'shortcut type: global or message',
      inside: (m) => (m.features.shortcuts = [shortcut({ type: 'message' })]),
      outside: (m) => (m.features.shortcuts = [shortcut({ type: 'channel' })]),
      says: '/features/shortcuts/0/type: must be equal to one of the allowed values',
    },
    {
      rule: 'shortcuts need the commands scope',
      inside: (m) => (delete m.features.slash_commands, (m.features.shortcuts = [shortcut()])),
      outside: (m) => (
        delete m.features.slash_commands,
        (m.features.shortcuts = [shortcut()]),
        (m.oauth_config.scopes.bot = ['chat:write'])
      ),
      says: '/oauth_config/scopes/bot: slash commands and shortcuts need the "commands" scope',
    },
    // [sdk] scopes and events
    {
      rule: 'bot scopes: Slack scope names',
      inside: (m) => m.oauth_config.scopes.bot.push('users:read.email'),
      outside: (m) => m.oauth_config.scopes.bot.push('users:read.mail'),
      says: '/oauth_config/scopes/bot/2: "users:read.mail" is not a Slack bot scope',
    },
    {
      rule: 'optional bot scopes: Slack scope names',
      inside: (m) => (m.oauth_config.scopes.bot_optional = ['files:read']),
      outside: (m) => (m.oauth_config.scopes.bot_optional = ['search:read']),
      says: '/oauth_config/scopes/bot_optional/0: "search:read" is not a Slack bot scope',
    },
    {
      rule: 'user scopes: Slack scope names',
      inside: (m) => (m.oauth_config.scopes.user = ['search:read']),
      outside: (m) => (m.oauth_config.scopes.user = ['search:reed']),
      says: '/oauth_config/scopes/user/0: "search:reed" is not a Slack user scope',
    },
    {
      rule: 'bot scopes: up to 255',
      inside: (m) => (m.oauth_config.scopes.bot = ['commands', ...Array<string>(254).fill('chat:write')]),
      outside: (m) => (m.oauth_config.scopes.bot = ['commands', ...Array<string>(255).fill('chat:write')]),
      says: '/oauth_config/scopes/bot: must NOT have more than 255 items',
    },
    {
      rule: 'bot events: Slack event names',
      inside: (m) => m.settings.event_subscriptions.bot_events.push('app_mention'),
      outside: (m) => m.settings.event_subscriptions.bot_events.push('app_mentioned'),
      says: '/settings/event_subscriptions/bot_events/1: "app_mentioned" is not a Slack event',
    },
    {
      rule: 'user events: Slack event names',
      inside: (m) => (m.settings.event_subscriptions.user_events = ['reaction_added']),
      outside: (m) => (m.settings.event_subscriptions.user_events = ['reaction_add']),
      says: '/settings/event_subscriptions/user_events/0: "reaction_add" is not a Slack event',
    },
    {
      rule: 'bot events: up to 100 (count only: there are fewer than 100 known events)',
      inside: (m) => (m.settings.event_subscriptions.bot_events = Array.from({ length: 100 }, (_, i) => `e${i}`)),
      outside: (m) => (m.settings.event_subscriptions.bot_events = Array.from({ length: 101 }, (_, i) => `e${i}`)),
      says: '/settings/event_subscriptions/bot_events: must NOT have more than 100 items',
      clean: false,
    },
    {
      rule: 'bot events: each once',
      inside: (m) => m.settings.event_subscriptions.bot_events.push('app_mention'),
      outside: (m) => m.settings.event_subscriptions.bot_events.push('app_home_opened'),
      says: '/settings/event_subscriptions/bot_events: must NOT have duplicate items',
    },
    // [sdk] [oauth] https
    {
      rule: 'slash command url: https',
      inside: () => {},
      outside: (m) => (command(m).url = 'http://switchboard.example.com/slack/events'),
      says: '/features/slash_commands/0/url: "http://switchboard.example.com/slack/events" is not an https URL',
    },
    {
      rule: 'interactivity request_url: https',
      inside: () => {},
      outside: (m) => (m.settings.interactivity.request_url = 'http://switchboard.example.com/slack/events'),
      says: '/settings/interactivity/request_url: "http://switchboard.example.com/slack/events" is not an https URL',
    },
    {
      rule: 'interactivity message_menu_options_url: https',
      inside: () => {},
      outside: (m) => (m.settings.interactivity.message_menu_options_url = 'http://example.com/options'),
      says: '/settings/interactivity/message_menu_options_url: "http://example.com/options" is not an https URL',
    },
    {
      rule: 'event_subscriptions request_url: https',
      inside: () => {},
      outside: (m) => (m.settings.event_subscriptions.request_url = 'http://switchboard.example.com/slack/events'),
      says: '/settings/event_subscriptions/request_url: "http://switchboard.example.com/slack/events" is not an https URL',
    },
    {
      rule: 'oauth_config.redirect_urls: https when present',
      inside: (m) => (m.oauth_config.redirect_urls = ['https://switchboard.example.com/slack/oauth_redirect']),
      outside: (m) => (m.oauth_config.redirect_urls = ['http://switchboard.example.com/slack/oauth_redirect']),
      says: '/oauth_config/redirect_urls/0: "http://switchboard.example.com/slack/oauth_redirect" is not an https URL',
    },
    {
      rule: 'oauth_config.redirect_urls: each once',
      inside: (m) => (m.oauth_config.redirect_urls = ['https://a.example.com/oauth', 'https://b.example.com/oauth']),
      outside: (m) => (m.oauth_config.redirect_urls = ['https://a.example.com/oauth', 'https://a.example.com/oauth']),
      says: '/oauth_config/redirect_urls: must NOT have duplicate items',
    },
    // [modes] HTTP mode
    {
      rule: 'HTTP mode: each slash command has a url',
      inside: () => {},
      outside: (m) => delete command(m).url,
      says: '/features/slash_commands/0/url: an HTTP-mode app needs a URL for each command',
    },
    {
      rule: 'HTTP mode: enabled interactivity has a request_url',
      inside: (m) => (m.settings.interactivity = { is_enabled: false }),
      outside: (m) => (m.settings.interactivity = { is_enabled: true }),
      says: '/settings/interactivity/request_url: an HTTP-mode app with interactivity needs it',
    },
    {
      rule: 'HTTP mode: subscribed events have a request_url',
      inside: (m) => (m.settings.event_subscriptions = { bot_events: [] }),
      outside: (m) => (m.settings.event_subscriptions = { bot_events: ['app_home_opened'] }),
      says: '/settings/event_subscriptions/request_url: an HTTP-mode app that subscribes to events needs it',
    },
    {
      rule: 'interactivity.is_enabled: required',
      inside: () => {},
      outside: (m) => delete m.settings.interactivity.is_enabled,
      says: "/settings/interactivity: must have required property 'is_enabled'",
    },
    // [modes] Socket Mode
    {
      rule: 'Socket Mode: no slash command url',
      socket: true,
      inside: () => {},
      outside: (m) => (command(m).url = EVENTS_URL),
      says: '/features/slash_commands/0/url: a Socket Mode app gets this over its socket; remove the URL',
    },
    {
      rule: 'Socket Mode: no interactivity request_url',
      socket: true,
      inside: () => {},
      outside: (m) => (m.settings.interactivity.request_url = EVENTS_URL),
      says: '/settings/interactivity/request_url: a Socket Mode app gets this over its socket; remove the URL',
    },
    {
      rule: 'Socket Mode: no message_menu_options_url',
      socket: true,
      inside: () => {},
      outside: (m) => (m.settings.interactivity.message_menu_options_url = EVENTS_URL),
      says: '/settings/interactivity/message_menu_options_url: a Socket Mode app gets this over its socket; remove the URL',
    },
    {
      rule: 'Socket Mode: no event_subscriptions request_url',
      socket: true,
      inside: () => {},
      outside: (m) => (m.settings.event_subscriptions.request_url = EVENTS_URL),
      says: '/settings/event_subscriptions/request_url: a Socket Mode app gets this over its socket; remove the URL',
    },
    // [schema] the manifest itself
    {
      rule: '_metadata.major_version: 1 (the schema these rules come from)',
      inside: (m) => delete m._metadata,
      outside: (m) => (m._metadata.major_version = 2),
      says: "/_metadata/major_version: 2, but these rules are Slack's schema for major version 1",
    },
    {
      rule: 'no unknown top-level field',
      inside: () => {},
      outside: (m) => (m.display_info = { name: 'Switchboard' }),
      says: '/: unknown field "display_info"',
    },
  ];

  function checked(socket: boolean | undefined, change: (m: Json) => void): string[] {
    const m = socket ? socketManifest() : httpManifest();
    change(m);
    return checkManifest(m);
  }

  it('accepts the minimal HTTP and Socket Mode manifests the cases start from', () => {
    expect(checkManifest(httpManifest())).toEqual([]);
    expect(checkManifest(socketManifest())).toEqual([]);
  });

  it.each(cases)('$rule', ({ inside, outside, says, socket, clean = true }) => {
    const insideProblems = checked(socket, inside);
    if (clean) expect(insideProblems).toEqual([]);
    else expect(insideProblems.filter((problem) => problem.includes(says))).toEqual([]);
    expect(checked(socket, outside)).toContainEqual(expect.stringContaining(says));
  });

  it.each(BUILT_IN_COMMANDS)("refuses Slack's built-in %s", (builtIn) => {
    expect(checked(false, (m) => (command(m).command = builtIn))).toContain(
      `/features/slash_commands/0/command: "${builtIn}" is one of Slack's built-in commands`,
    );
  });

  it('refuses what is not a manifest at all', () => {
    expect(checkManifest([])).toEqual(['/: must be object']);
    expect(checkManifest({})).toEqual(["/: must have required property 'display_information'"]);
  });
});

describe('usageHintProblems', () => {
  it.each([
    ['[email]', []],
    ['[add <package> <seats> [company] | set <email> <package|none>]', []],
    ['[company:<name>] | add voip <MAC> ["model"] [ports]', []],
    ['| add <package> <seats>', ['starts or ends with "|"']],
    ['[email] |', ['starts or ends with "|"']],
    [' [email]', ['starts or ends with a space']],
    ['add || set', ['has an empty alternative or bracket']],
    ['[email', ['"[" not closed']],
    ['email]', ['unbalanced "]"']],
    ['[<email]>', ['unbalanced "]"']],
    ['add "model', ['a quote is not closed']],
  ])('%j → %j', (hint, problems) => {
    expect(usageHintProblems(hint)).toEqual(problems);
  });
});
