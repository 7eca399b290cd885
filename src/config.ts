import { join } from 'node:path';
import { z } from 'zod';
import { isSupportedCountry } from 'libphonenumber-js';
import { parseDuration } from './core/durations.rules.ts';
import type { ServiceSettings } from './core/settings.ts';

const port = (fallback: number) =>
  z.coerce
    .number({ error: 'must be a port number' })
    .int('must be a port number')
    .min(0, 'must be a port number')
    .max(65535, 'must be a port number')
    .default(fallback);

/** A duration such as "72 hours" or "14 days", in minutes. */
const duration = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((text, context) => {
      const parsed = parseDuration(text);
      if (parsed.ok) return parsed.value;
      context.addIssue({ code: 'custom', message: 'must be a duration such as 72 hours or 3 days' });
      return z.NEVER;
    });

const databaseSchema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// URL')
    .optional(),
  DATA_DIR: z.string().default('./data'),
  EMBEDDED_DB_PORT: port(54329),
  DB_POOL_SIZE: z.coerce
    .number({ error: 'must be a whole number from 1 to 100' })
    .int('must be a whole number from 1 to 100')
    .min(1, 'must be a whole number from 1 to 100')
    .max(100, 'must be a whole number from 1 to 100')
    .default(10),
});

const settingsSchema = databaseSchema.extend({
  NOTIFY_CHANNEL: z.string({ error: 'is required (a channel id such as C0123456789)' }),
  APPROVALS_CHANNEL: z.string().optional(),
  APPROVALS_REQUIRED: z.coerce
    .number({ error: 'must be a whole number from 1 to 10' })
    .int('must be a whole number from 1 to 10')
    .min(1, 'must be a whole number from 1 to 10')
    .max(10, 'must be a whole number from 1 to 10')
    .default(1),
  APPROVAL_TTL: duration('72 hours'),
  INVITES_CHANNEL: z.string().optional(),
  DEVICE_FEE: z
    .string()
    .regex(/^\d{1,4}(\.\d{1,2})?$/, 'must be an amount in euros such as 4.95')
    .default('4.95')
    .transform((euros) => Math.round(Number(euros) * 100)),
  INVITE_TTL: duration('14 days'),
  DEFAULT_PHONE_REGION: z
    .string()
    .toUpperCase()
    .default('US')
    .refine((code) => isSupportedCountry(code), 'must be a two-letter country code such as US or DE'),
});

const schema = settingsSchema.extend({
  SLACK_SIGNING_SECRET: z.string({ error: 'is required' }),
  SLACK_BOT_TOKEN: z.string().startsWith('xoxb-', 'must be a bot token starting with xoxb-').optional(),
  SLACK_CLIENT_ID: z
    .string()
    .regex(/^\d+\.\d+$/, "must be the app's Client ID such as 1234567890.1234567890")
    .optional(),
  SLACK_CLIENT_SECRET: z.string().optional(),
  SLACK_STATE_SECRET: z
    .string()
    .min(16, 'must be at least 16 characters (any random text; it signs install links)')
    .optional(),
  SLACK_APP_TOKEN: z.string().startsWith('xapp-', 'must be an app-level token starting with xapp-').optional(),
  SLACK_API_URL: z.url('must be a URL').default('https://slack.com/api/'),
  PORT: port(3000),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  PUBLIC_URL: z.url('must be a URL such as https://switchboard.example.com').optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL such as smtp://user:pass@mail.example.com:587')
    .optional(),
  MAIL_FROM: z.string().default('Switchboard <switchboard@localhost>'),
  METRICS: z.enum(['on', 'off'], { error: 'must be on or off' }).optional(),
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters (scrapers send it as a Bearer token)').optional(),
});

export type DatabaseConfig = {
  /** Unset: the embedded PostgreSQL under dataDir. */
  databaseUrl: string | undefined;
  dataDir: string;
  embeddedDbPort: number;
  /** Connections this process keeps open at most (default 10): keep the sum of all processes under the server's max_connections. */
  poolSize?: number;
};

export type Config = DatabaseConfig &
  ServiceSettings & {
    slack: {
      signingSecret: string;
      /** Single-workspace mode: the one workspace's bot token. Unset in distribution mode. */
      botToken: string | undefined;
      appToken: string | undefined;
      apiUrl: string;
      /** Distribution mode (OAuth install in many workspaces): the app's credentials. */
      oauth?: OAuthConfig;
    };
    port: number;
    mail: MailConfig;
    logLevel: 'debug' | 'info' | 'warn' | 'error';
    /** GET /metrics (Prometheus): served when on; with a token, only to scrapes that send it. */
    metrics?: { token: string | undefined };
  };

export interface OAuthConfig {
  clientId: string;
  clientSecret: string;
  /** Signs the state of an install link (Bolt's installer). */
  stateSecret: string;
}

export interface MailConfig {
  /** Unset: emails are written as .eml files under `dropDir` instead of being sent. */
  smtpUrl: string | undefined;
  from: string;
  dropDir: string;
  /** Where people open the links in emails (the invitation page). */
  publicUrl: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Switchboard cannot start; fix these settings (see .env.example):\n` +
        problems.map((problem) => `  - ${problem}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function parse<S extends z.ZodType>(zodSchema: S, env: Env): z.output<S> {
  // An empty value (as copied from .env.example) means "not set".
  const set = Object.fromEntries(
    Object.entries(env).flatMap(([name, value]) => (value?.trim() ? [[name, value.trim()]] : [])),
  );
  const parsed = zodSchema.safeParse(set);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`));
  }
  return parsed.data;
}

/** The settings the CLI needs: where the database is. */
export function loadDatabaseConfig(env: Env): DatabaseConfig {
  const c = parse(databaseSchema, env);
  return {
    databaseUrl: c.DATABASE_URL,
    dataDir: c.DATA_DIR,
    embeddedDbPort: c.EMBEDDED_DB_PORT,
    poolSize: c.DB_POOL_SIZE,
  };
}

/** Installed in many workspaces (SLACK_CLIENT_ID, no SLACK_BOT_TOKEN); loadConfig checks the rest. */
export function distributionMode(env: Env): boolean {
  return Boolean(env.SLACK_CLIENT_ID?.trim()) && !env.SLACK_BOT_TOKEN?.trim();
}

/** The settings CLI commands that change users need: the database and the service settings. */
export function loadServiceConfig(env: Env): DatabaseConfig & ServiceSettings {
  const c = parse(settingsSchema, env);
  return {
    ...loadDatabaseConfig(env),
    notifyChannel: c.NOTIFY_CHANNEL,
    defaultPhoneRegion: c.DEFAULT_PHONE_REGION,
    approvals: {
      channel: c.APPROVALS_CHANNEL ?? c.NOTIFY_CHANNEL,
      required: c.APPROVALS_REQUIRED,
      ttlMinutes: c.APPROVAL_TTL,
    },
    invitations: { channel: c.INVITES_CHANNEL ?? c.NOTIFY_CHANNEL, ttlMinutes: c.INVITE_TTL },
    deviceFeeCents: c.DEVICE_FEE,
    distribution: distributionMode(env),
  };
}

const OAUTH_SETTINGS = ['SLACK_CLIENT_ID', 'SLACK_CLIENT_SECRET', 'SLACK_STATE_SECRET'] as const;

/**
 * One workspace (SLACK_BOT_TOKEN) or many (the three OAuth settings: installed through
 * /slack/install): exactly one of the two. What is wrong with the choice, if anything.
 */
function slackModeProblems(env: Env): string[] {
  const isSet = (name: string) => Boolean(env[name]?.trim());
  const missing = OAUTH_SETTINGS.filter((name) => !isSet(name));
  if (isSet('SLACK_BOT_TOKEN')) {
    return missing.length === OAUTH_SETTINGS.length
      ? []
      : [
          'SLACK_BOT_TOKEN is for one workspace, SLACK_CLIENT_ID/SLACK_CLIENT_SECRET/SLACK_STATE_SECRET for installing in many: set one or the other, not both',
        ];
  }
  if (missing.length === OAUTH_SETTINGS.length) {
    return [
      'SLACK_BOT_TOKEN is required (one workspace), or SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET (installing in many workspaces)',
    ];
  }
  return missing.map((name) => `${name} is required to install in many workspaces (or set SLACK_BOT_TOKEN for one)`);
}

/** What is wrong with how settings go together (each may be valid on its own). */
function choiceProblems(env: Env): string[] {
  const mail =
    env.SMTP_URL?.trim() && !env.PUBLIC_URL?.trim()
      ? [
          'PUBLIC_URL is required with SMTP_URL: emails link to it, so it must be the address people open (such as https://switchboard.example.com), not this machine’s localhost',
        ]
      : [];
  return [...slackModeProblems(env), ...mail];
}

/** Reads and validates the settings; throws a ConfigError naming every missing or invalid one. */
export function loadConfig(env: Env): Config {
  let c: z.output<typeof schema>;
  try {
    c = parse(schema, env);
  } catch (error) {
    if (error instanceof ConfigError) throw new ConfigError([...error.problems, ...choiceProblems(env)]);
    throw error;
  }
  const problems = choiceProblems(env);
  if (problems.length) throw new ConfigError(problems);
  const oauth =
    c.SLACK_CLIENT_ID && c.SLACK_CLIENT_SECRET && c.SLACK_STATE_SECRET
      ? { clientId: c.SLACK_CLIENT_ID, clientSecret: c.SLACK_CLIENT_SECRET, stateSecret: c.SLACK_STATE_SECRET }
      : undefined;
  return {
    ...loadServiceConfig(env),
    slack: {
      signingSecret: c.SLACK_SIGNING_SECRET,
      botToken: c.SLACK_BOT_TOKEN,
      oauth,
      appToken: c.SLACK_APP_TOKEN,
      apiUrl: c.SLACK_API_URL.endsWith('/') ? c.SLACK_API_URL : `${c.SLACK_API_URL}/`,
    },
    port: c.PORT,
    mail: {
      smtpUrl: c.SMTP_URL,
      from: c.MAIL_FROM,
      dropDir: join(c.DATA_DIR, 'outbox-mail'),
      publicUrl: (c.PUBLIC_URL ?? `http://localhost:${c.PORT}`).replace(/\/+$/, ''),
    },
    logLevel: c.LOG_LEVEL,
    // A token alone turns them on; METRICS=off keeps them off, token or not.
    metrics:
      c.METRICS === 'on' || (c.METRICS === undefined && c.METRICS_TOKEN) ? { token: c.METRICS_TOKEN } : undefined,
  };
}
