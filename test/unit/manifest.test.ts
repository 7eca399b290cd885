import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SLASH_COMMANDS } from '../../src/slack/app.ts';

const root = path.resolve(import.meta.dirname, '../..');

async function manifest(name: string) {
  return JSON.parse(await readFile(path.join(root, 'manifests', name), 'utf8'));
}

describe.each(['slack-app.json', 'slack-app.socket-mode.json'])('%s', (name) => {
  it('declares exactly the slash commands the app answers', async () => {
    const declared = (await manifest(name)).features.slash_commands.map((c: { command: string }) => c.command);
    expect(declared.sort()).toEqual([...SLASH_COMMANDS].sort());
  });

  it('asks for the bot scopes the app uses', async () => {
    const scopes = (await manifest(name)).oauth_config.scopes.bot;
    expect(scopes).toEqual(expect.arrayContaining(['commands', 'chat:write', 'im:write']));
  });

  it('enables interactivity (modals, buttons, searchable menus)', async () => {
    expect((await manifest(name)).settings.interactivity.is_enabled).toBe(true);
  });
});

it('sends every HTTP request to /slack/events', async () => {
  const http = await manifest('slack-app.json');
  expect(http.settings.socket_mode_enabled).toBe(false);
  const urls = [
    ...http.features.slash_commands.map((c: { url: string }) => c.url),
    http.settings.interactivity.request_url,
    http.settings.interactivity.message_menu_options_url,
  ];
  for (const url of urls) expect(new URL(url).pathname).toBe('/slack/events');
});
