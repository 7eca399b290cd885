import { writeFile } from 'node:fs/promises';
import { prefixProblem } from '../../slack/command-names.rules.ts';
import { buildManifest } from '../../slack/manifest.rules.ts';
import { parseOptions, UsageError, type CliCommand } from '../command.ts';

/** Every command the app answers (loaded with the Slack app, which the other CLI commands don't need). */
async function catalog() {
  return (await import('../../slack/app.ts')).SLASH_COMMAND_CATALOG;
}

export const manifest: CliCommand = {
  summary: 'write the Slack app manifest a workspace needs (command names, mode, URL)',
  usage: [
    'Usage: switchboard manifest [--prefix <p>] [--commands <name,name,…>] [--socket-mode] [--distributed] [--url <https://…>] [--out <file>]',
    '',
    'Prints the manifest to paste at api.slack.com/apps (Create New App → From a manifest), or writes it to --out.',
    '  --prefix sb-         every command gets the prefix (/sb-adduser, /sb-switchboard …) so none collides',
    '                       with another app’s; the app answers to whichever names the manifest declares.',
    `  --commands a,b       only these commands (default: all). /switchboard <command> reaches every command,`,
    '                       so `--commands switchboard,adduser` is enough for a crowded workspace.',
    '                       Names: switchboard, adduser, users, … (all the app answers)',
    '  --socket-mode        no public URL: Slack connects over a WebSocket (needs SLACK_APP_TOKEN)',
    '  --distributed        to install in many workspaces (SLACK_CLIENT_ID…): OAuth redirect to <url>/slack/oauth_redirect,',
    '                       org-wide installs (Enterprise Grid), token rotation, uninstall events',
    '  --url <address>      the app’s public https address (PUBLIC_URL), for HTTP mode and the install page',
  ].join('\n'),
  async run(args, out) {
    const { values } = parseOptions(args, {
      prefix: { type: 'string', default: '' },
      commands: { type: 'string' },
      'socket-mode': { type: 'boolean', default: false },
      distributed: { type: 'boolean', default: false },
      url: { type: 'string' },
      out: { type: 'string' },
    });
    const commands = await catalog();
    // Router-only commands (`/switchboard settings`) are never declared, so never named here.
    const names = commands.filter((c) => !c.routerOnly).map((c) => c.command.slice(1));
    const problem = prefixProblem(values.prefix, commands);
    if (problem) throw new UsageError(problem);
    const only = values.commands?.split(',').map((name) => name.trim().replace(/^\//, '').toLowerCase());
    const unknown = only?.filter((name) => !names.includes(name)) ?? [];
    if (unknown.length) {
      throw new UsageError(
        `No command is called ${unknown.map((n) => `“${n}”`).join(', ')}; the commands are ${names.join(', ')}.`,
      );
    }
    if (only && only.length === 0) throw new UsageError('Name at least one command after --commands.');
    if (values.url !== undefined && !/^https:\/\/[^\s/]+/.test(values.url)) {
      throw new UsageError(`Slack sends requests to https addresses only; --url “${values.url}” is not one.`);
    }
    if (values.url !== undefined && values['socket-mode'] && !values.distributed) {
      throw new UsageError(
        'In Socket Mode Slack needs no URL (only --distributed does, for the install page): drop --url or --socket-mode.',
      );
    }
    const text = `${JSON.stringify(
      buildManifest({
        commands,
        only,
        prefix: values.prefix,
        socketMode: values['socket-mode'],
        publicUrl: values.url,
        distributed: values.distributed,
      }),
      null,
      2,
    )}\n`;
    if (values.out) {
      await writeFile(values.out, text);
      out(`Wrote ${values.out}.`);
    } else {
      out(text.trimEnd());
    }
    return 0;
  },
};
