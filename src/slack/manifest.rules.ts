import { REDIRECT_PATH } from './install-paths.rules.ts';
import { installedName, type SlashCommand } from './command-names.rules.ts';

/** What the bot may do: the manifest declares these, and an OAuth install asks for them. */
export const BOT_SCOPES = [
  'commands',
  'chat:write',
  'im:write',
  'users:read',
  'users:read.email',
  'files:read',
] as const;

export interface ManifestChoices {
  /** Every command the app answers (app.ts SLASH_COMMAND_CATALOG). */
  commands: readonly SlashCommand[];
  /** Which of them to declare, by their own names without the slash; all when not given. */
  only?: readonly string[];
  /** Put before every command's name, e.g. `sb-` → `/sb-users`, so no other app's command collides. */
  prefix?: string;
  /** No public URL: Slack talks to the app over a WebSocket (needs an app-level token). */
  socketMode?: boolean;
  /** Where Slack sends requests in HTTP mode (and, distributed, where the install page is): the app's public address. */
  publicUrl?: string;
  /**
   * Installed in many workspaces through /slack/install (SLACK_CLIENT_ID…): the redirect URL,
   * org-wide installs, token rotation, and the uninstall events.
   */
  distributed?: boolean;
}

export const EXAMPLE_URL = 'https://switchboard.example.com';

/** The Slack app manifest for one workspace's installation (`switchboard manifest`; manifests/ holds two). */
export function buildManifest(choices: ManifestChoices): Record<string, unknown> {
  const prefix = choices.prefix ?? '';
  const address = (choices.publicUrl ?? EXAMPLE_URL).replace(/\/+$/, '');
  const requestUrl = choices.socketMode ? undefined : `${address}/slack/events`;
  const distributed = Boolean(choices.distributed);
  // A router-only command is reached as `/switchboard <command>`, never declared.
  const declarable = choices.commands.filter((c) => !c.routerOnly);
  const declared = choices.only ? declarable.filter((c) => choices.only!.includes(c.command.slice(1))) : declarable;
  return {
    _metadata: { major_version: 1, minor_version: 1 },
    display_information: {
      name: 'Switchboard',
      description: 'Run the user lifecycle of your phone/UC service from Slack.',
      long_description:
        'Switchboard lets the admins of a phone/UC service add users from Slack: /adduser opens the form (email login, name, title, phone numbers, company, privileges, Slack account; the password is set by the person through a link). Every action is checked against the privileges Switchboard stores for the person who asks, recorded in an audit trail and announced in a channel.',
      background_color: '#1d3557',
    },
    features: {
      app_home: { home_tab_enabled: true, messages_tab_enabled: true, messages_tab_read_only_enabled: true },
      bot_user: { display_name: 'Switchboard', always_online: true },
      slash_commands: declared.map((c) => ({
        command: installedName(c.command, prefix),
        ...(requestUrl ? { url: requestUrl } : {}),
        description: c.description,
        ...(c.usageHint ? { usage_hint: c.usageHint } : {}),
        should_escape: c.shouldEscape,
      })),
    },
    oauth_config: {
      ...(distributed ? { redirect_urls: [`${address}${REDIRECT_PATH}`] } : {}),
      scopes: { bot: [...BOT_SCOPES] },
    },
    settings: {
      interactivity: {
        is_enabled: true,
        ...(requestUrl ? { request_url: requestUrl, message_menu_options_url: requestUrl } : {}),
      },
      event_subscriptions: {
        ...(requestUrl ? { request_url: requestUrl } : {}),
        bot_events: distributed ? ['app_home_opened', 'app_uninstalled', 'tokens_revoked'] : ['app_home_opened'],
      },
      org_deploy_enabled: distributed,
      socket_mode_enabled: Boolean(choices.socketMode),
      token_rotation_enabled: distributed,
    },
  };
}
