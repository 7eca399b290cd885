import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, loadDatabaseConfig } from '../src/config.ts';

const minimal = { SLACK_SIGNING_SECRET: 'secret', SLACK_BOT_TOKEN: 'xoxb-1-2', NOTIFY_CHANNEL: 'C0NOTIFY' };

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('configuration', () => {
  it('names every missing setting at once and points to .env.example', () => {
    expect(problemsOf({}).sort()).toEqual([
      'NOTIFY_CHANNEL is required (a channel id such as C0123456789)',
      'SLACK_BOT_TOKEN is required (one workspace), or SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET (installing in many workspaces)',
      'SLACK_SIGNING_SECRET is required',
    ]);
    expect(() => loadConfig({})).toThrow(/see \.env\.example/);
  });

  it.each([
    [{ SLACK_BOT_TOKEN: 'xoxp-user-token' }, 'SLACK_BOT_TOKEN must be a bot token starting with xoxb-'],
    [{ SLACK_APP_TOKEN: 'xoxb-wrong' }, 'SLACK_APP_TOKEN must be an app-level token starting with xapp-'],
    [{ SLACK_API_URL: 'not a url' }, 'SLACK_API_URL must be a URL'],
    [{ PORT: 'eighty' }, 'PORT must be a port number'],
    [{ PORT: '70000' }, 'PORT must be a port number'],
    [{ DATABASE_URL: 'mysql://db/x' }, 'DATABASE_URL must be a postgresql:// URL'],
    [{ DEFAULT_PHONE_REGION: 'XX' }, 'DEFAULT_PHONE_REGION must be a two-letter country code such as US or DE'],
    [{ APPROVALS_REQUIRED: '0' }, 'APPROVALS_REQUIRED must be a whole number from 1 to 10'],
    [{ APPROVALS_REQUIRED: 'two' }, 'APPROVALS_REQUIRED must be a whole number from 1 to 10'],
    [{ APPROVAL_TTL: 'soon' }, 'APPROVAL_TTL must be a duration such as 72 hours or 3 days'],
    [{ INVITE_TTL: 'forever' }, 'INVITE_TTL must be a duration such as 72 hours or 3 days'],
    [
      { SMTP_URL: 'mail.example.com', PUBLIC_URL: 'https://sb.example.com' },
      'SMTP_URL must be an smtp:// or smtps:// URL such as smtp://user:pass@mail.example.com:587',
    ],
    [{ PUBLIC_URL: 'switchboard' }, 'PUBLIC_URL must be a URL such as https://switchboard.example.com'],
    [
      { SMTP_URL: 'smtp://mail.example.com:587' },
      'PUBLIC_URL is required with SMTP_URL: emails link to it, so it must be the address people open (such as https://switchboard.example.com), not this machine’s localhost',
    ],
    [{ DB_POOL_SIZE: '0' }, 'DB_POOL_SIZE must be a whole number from 1 to 100'],
    [{ METRICS: 'yes' }, 'METRICS must be on or off'],
    [{ METRICS_TOKEN: 'short' }, 'METRICS_TOKEN must be at least 16 characters (scrapers send it as a Bearer token)'],
    [{ DB_POOL_SIZE: 'many' }, 'DB_POOL_SIZE must be a whole number from 1 to 100'],
  ])('explains an invalid value: %j', (change, problem) => {
    expect(problemsOf({ ...minimal, ...change })).toEqual([problem]);
  });

  it('metrics: on with METRICS=on or a token alone; METRICS=off keeps them off even with a token', () => {
    const token = 'a-scrape-token-0123';
    expect(loadConfig(minimal).metrics).toBeUndefined();
    expect(loadConfig({ ...minimal, METRICS: 'on' }).metrics).toEqual({ token: undefined });
    expect(loadConfig({ ...minimal, METRICS_TOKEN: token }).metrics).toEqual({ token });
    expect(loadConfig({ ...minimal, METRICS: 'off', METRICS_TOKEN: token }).metrics).toBeUndefined();
  });

  describe('one workspace or many', () => {
    const { SLACK_BOT_TOKEN: _, ...withoutToken } = minimal;
    const oauth = {
      SLACK_CLIENT_ID: '1234567890.1234567890',
      SLACK_CLIENT_SECRET: 'client-secret',
      SLACK_STATE_SECRET: 'a-state-secret-of-16+',
    };

    it('the three OAuth settings without a bot token: distribution mode', () => {
      expect(loadConfig({ ...withoutToken, ...oauth }).slack).toMatchObject({
        botToken: undefined,
        oauth: {
          clientId: oauth.SLACK_CLIENT_ID,
          clientSecret: 'client-secret',
          stateSecret: oauth.SLACK_STATE_SECRET,
        },
      });
      expect(loadConfig(minimal).slack.oauth).toBeUndefined();
    });

    it('refuses both modes at once', () => {
      expect(problemsOf({ ...minimal, ...oauth })).toEqual([
        'SLACK_BOT_TOKEN is for one workspace, SLACK_CLIENT_ID/SLACK_CLIENT_SECRET/SLACK_STATE_SECRET for installing in many: set one or the other, not both',
      ]);
    });

    it('names each OAuth setting missing', () => {
      expect(problemsOf({ ...withoutToken, SLACK_CLIENT_ID: oauth.SLACK_CLIENT_ID })).toEqual([
        'SLACK_CLIENT_SECRET is required to install in many workspaces (or set SLACK_BOT_TOKEN for one)',
        'SLACK_STATE_SECRET is required to install in many workspaces (or set SLACK_BOT_TOKEN for one)',
      ]);
    });

    it.each([
      [{ SLACK_CLIENT_ID: 'abc' }, "SLACK_CLIENT_ID must be the app's Client ID such as 1234567890.1234567890"],
      [
        { SLACK_STATE_SECRET: 'short' },
        'SLACK_STATE_SECRET must be at least 16 characters (any random text; it signs install links)',
      ],
    ])('explains an invalid OAuth value: %j', (change, problem) => {
      expect(problemsOf({ ...withoutToken, ...oauth, ...change })).toEqual([problem]);
    });
  });

  it('uses HTTP on port 3000, the embedded database in ./data and Slack’s API by default', () => {
    const config = loadConfig(minimal);
    expect(config).toMatchObject({
      port: 3000,
      databaseUrl: undefined,
      dataDir: './data',
      defaultPhoneRegion: 'US',
      slack: { appToken: undefined, apiUrl: 'https://slack.com/api/' },
    });
  });

  it('treats empty optional settings (as copied from .env.example) as unset', () => {
    const config = loadConfig({
      ...minimal,
      SLACK_APP_TOKEN: '',
      SLACK_API_URL: '',
      DATABASE_URL: ' ',
      PORT: '',
      DATA_DIR: '',
      DEFAULT_PHONE_REGION: 'de',
    });
    expect(config.port).toBe(3000);
    expect(config.dataDir).toBe('./data');
    expect(config.slack.apiUrl).toBe('https://slack.com/api/');
    expect(config.slack.appToken).toBeUndefined();
    expect(config.databaseUrl).toBeUndefined();
    expect(config.defaultPhoneRegion).toBe('DE');
  });

  it('posts approvals to NOTIFY_CHANNEL unless told otherwise, one approver, 72 hours', () => {
    expect(loadConfig(minimal).approvals).toEqual({ channel: 'C0NOTIFY', required: 1, ttlMinutes: 72 * 60 });
    const set = loadConfig({
      ...minimal,
      APPROVALS_CHANNEL: 'C0APPROVE',
      APPROVALS_REQUIRED: '2',
      APPROVAL_TTL: '3 days',
    });
    expect(set.approvals).toEqual({ channel: 'C0APPROVE', required: 2, ttlMinutes: 3 * 24 * 60 });
  });

  it('announces invitations in NOTIFY_CHANNEL, keeps them 14 days, files emails under DATA_DIR, links to localhost', () => {
    const config = loadConfig({ ...minimal, DATA_DIR: '/srv/switchboard', PORT: '8080' });
    expect(config.invitations).toEqual({ channel: 'C0NOTIFY', ttlMinutes: 14 * 24 * 60 });
    expect(config.mail).toEqual({
      smtpUrl: undefined,
      from: 'Switchboard <switchboard@localhost>',
      dropDir: '/srv/switchboard/outbox-mail',
      publicUrl: 'http://localhost:8080',
    });
    const set = loadConfig({
      ...minimal,
      INVITES_CHANNEL: 'C0INV',
      INVITE_TTL: '48 hours',
      PUBLIC_URL: 'https://sb.example.com/',
    });
    expect([set.invitations.channel, set.invitations.ttlMinutes, set.mail.publicUrl]).toEqual([
      'C0INV',
      48 * 60,
      'https://sb.example.com',
    ]);
  });

  it('lets the CLI run with database settings only', () => {
    expect(loadDatabaseConfig({ DATABASE_URL: 'postgresql://u@h/db' }).databaseUrl).toBe('postgresql://u@h/db');
  });
});
