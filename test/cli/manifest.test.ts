import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSwitchboard } from '../support/cli.ts';

const run = (...args: string[]) => runSwitchboard('manifest', ...args);

describe('switchboard manifest', () => {
  it('prints the manifest for a prefixed, trimmed installation', async () => {
    const { code, out } = await run(
      '--prefix',
      'sb-',
      '--commands',
      'switchboard,/AddUser',
      '--url',
      'https://sb.acme.example',
    );
    expect(code).toBe(0);
    const made = JSON.parse(out);
    expect(made.features.slash_commands.map((c: { command: string }) => c.command)).toEqual([
      '/sb-switchboard',
      '/sb-adduser',
    ]);
    expect(made.features.slash_commands[0].url).toBe('https://sb.acme.example/slack/events');
  });

  it('--distributed: installed through the app’s own /slack/install, in many workspaces and Enterprise Grid orgs', async () => {
    const { code, out } = await run('--distributed', '--url', 'https://sb.acme.example');
    expect(code).toBe(0);
    const made = JSON.parse(out);
    expect(made.oauth_config.redirect_urls).toEqual(['https://sb.acme.example/slack/oauth_redirect']);
    expect(made.settings).toMatchObject({ org_deploy_enabled: true, token_rotation_enabled: true });
    expect(made.settings.event_subscriptions.bot_events).toEqual([
      'app_home_opened',
      'app_uninstalled',
      'tokens_revoked',
    ]);
    const single = JSON.parse((await run()).out);
    expect(single.oauth_config.redirect_urls).toBeUndefined();
    expect(single.settings).toMatchObject({ org_deploy_enabled: false, token_rotation_enabled: false });
  });

  it('writes it to --out', async () => {
    const file = path.join(await mkdtemp(path.join(tmpdir(), 'manifest-')), 'slack.json');
    const { code, out } = await run('--socket-mode', '--out', file);
    expect([code, out]).toEqual([0, `Wrote ${file}.`]);
    expect(JSON.parse(await readFile(file, 'utf8')).settings.socket_mode_enabled).toBe(true);
  });

  it.each([
    [['--prefix', 'SB-'], 'The prefix “SB-” can only have lower-case letters, digits, “-” and “_”'],
    [['--prefix', 'a-prefix-much-too-long-'], "longer than Slack's 32 characters"],
    [['--commands', 'users,adusers'], 'No command is called “adusers”; the commands are switchboard, adduser, users,'],
    [['--commands', ''], 'No command is called “”;'],
    [['--url', 'http://sb.acme.example'], 'Slack sends requests to https addresses only'],
    [['--url', 'https://sb.acme.example', '--socket-mode'], 'In Socket Mode Slack needs no URL'],
    [['--colour', 'red'], "Unknown option '--colour'"],
  ])('%j is refused: %s, and the usage follows', async (args, says) => {
    const { code, out, err } = await run(...args);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toContain(says);
    expect(err).toContain('Usage: switchboard manifest');
  });
});
