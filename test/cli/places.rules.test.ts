import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { forTheCli } from '../../src/cli/places.rules.ts';
import { SLASH_COMMANDS } from '../../src/slack/app.ts';

const cli = (message: string) => forTheCli(message, SLASH_COMMANDS);

describe('a refusal printed by the CLI names the CLI', () => {
  it.each([
    [
      '+1 415 555 0101 is already assigned to Ada. To give it to Bob instead, move it: /numbers move +1 415 555 0101 bob@acme.example.',
      '+1 415 555 0101 is already assigned to Ada. To give it to Bob instead, move it: switchboard numbers move +1 415 555 0101 bob@acme.example.',
    ],
    [
      '+1 415 555 0199 is in no pool. Add it to a pool first: /numbers add +14155550199.',
      '+1 415 555 0199 is in no pool. Add it to a pool first: switchboard numbers add +14155550199.',
    ],
    [
      'Take it back from them first: /devices unassign 00:1A:2B:3C:4D:5E.',
      'Take it back from them first: switchboard devices unassign 00:1A:2B:3C:4D:5E.',
    ],
    ['The next free one is shown by /extensions.', 'The next free one is shown by switchboard extensions list.'],
    ['pick another (see /extensions).', 'pick another (see switchboard extensions list).'],
    ['Check the spelling, or search with /users.', 'Check the spelling, or search with switchboard users list.'],
    ['Add seats first: /licenses add Fax <seats>.', 'Add seats first: switchboard licenses add Fax <seats>.'],
    [
      'Use /audit, /audit name@example.com or /audit <company name>.',
      'Use switchboard audit list, switchboard audit list name@example.com or switchboard audit list <company name>.',
    ],
  ])('%s', (slack, printed) => {
    expect(cli(slack)).toBe(printed);
  });

  it.each([
    ['Re-send it from /invites.', 'Re-send it from Slack’s /invites.'],
    ['Try /customers for their names.', 'Try Slack’s /customers for their names.'],
    ['Basic is a station package: use /stations for it.', 'Basic is a station package: use Slack’s /stations for it.'],
    [
      'Turn one on first: /licenses assign ada@acme.example <product>.',
      'Turn one on first: Slack’s /licenses assign ada@acme.example <product>.',
    ],
  ])('says a command only Slack has is Slack’s: %s', (slack, printed) => {
    expect(cli(slack)).toBe(printed);
  });

  it('leaves paths, links and other slashes alone', () => {
    for (const text of ['There is no file /tmp/users.csv.', 'See https://example.com/users.', 'and/or /nothing here']) {
      expect(cli(text)).toBe(text);
    }
  });
});

describe('Slack never names a CLI command as if the admin could run it', () => {
  it('every message outside the CLI that names a switchboard command says it is the operator’s', () => {
    const src = path.resolve(import.meta.dirname, '../../src');
    const files = (readdirSync(src, { recursive: true }) as string[]).filter(
      (file) =>
        file.endsWith('.ts') &&
        !file.endsWith('.cli.ts') &&
        !file.startsWith(`cli${path.sep}`) &&
        !file.includes('generated'),
    );
    const found = files.flatMap((file) =>
      readFileSync(path.join(src, file), 'utf8')
        .split('\n')
        .map((line, i) => ({ where: `${file}:${i + 1}`, line: line.trim() }))
        .filter(
          ({ line }) =>
            !/^(\*|\/\/|\/\*)/.test(line) &&
            /[`'"\s]switchboard (?:users|numbers|devices|extensions|licenses|invite|bootstrap|audit)\b/.test(line),
        )
        .filter(({ line }) => !/operator/i.test(line)),
    );
    expect(found).toEqual([]);
  });
});
