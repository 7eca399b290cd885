import { describe, expect, it } from 'vitest';
import { prefixProblem, routeCommand, ROUTER } from '../../src/slack/command-names.rules.ts';

const KNOWN = ['/adduser', '/users', '/invites', '/inviteusers', '/requestadmin', '/grantadmin'];

describe('routeCommand', () => {
  it.each([
    ['/users', 'ada', { kind: 'command', command: '/users', text: 'ada' }],
    ['/sb-users', 'ada', { kind: 'command', command: '/users', text: 'ada' }],
    ['/SB-Users', 'ada', { kind: 'command', command: '/users', text: 'ada' }],
    ['/sb-inviteusers', '', { kind: 'command', command: '/inviteusers', text: '' }],
    ['/staging_requestadmin', 'for 8 hours', { kind: 'command', command: '/requestadmin', text: 'for 8 hours' }],
    ['/switchboard', 'users   ada  lovelace ', { kind: 'command', command: '/users', text: 'ada  lovelace ' }],
    ['/switchboard', ' /Users ada', { kind: 'command', command: '/users', text: 'ada' }],
    ['/sb-switchboard', 'adduser\nann@example.com', { kind: 'command', command: '/adduser', text: 'ann@example.com' }],
    ['/switchboard', '', { kind: 'help' }],
    ['/switchboard', '   ', { kind: 'help' }],
    ['/switchboard', 'HELP', { kind: 'help' }],
    ['/switchboard', '--help', { kind: 'help' }],
    ['/switchboard', 'frobnicate now', { kind: 'unknown', word: 'frobnicate' }],
    ['/switchboard', 'switchboard users', { kind: 'unknown', word: 'switchboard' }],
    ['/weather', 'today', { kind: 'other' }],
  ])('%s %j → %j', (invoked, text, route) => {
    expect(routeCommand(invoked, text, KNOWN)).toEqual(route);
  });
});

describe('prefixProblem', () => {
  const commands = [ROUTER, { command: '/requestadmin', description: 'x', shouldEscape: false }];

  it('takes lower-case letters, digits, - and _, and nothing', () => {
    for (const prefix of ['', 'sb-', 'acme_2-']) expect(prefixProblem(prefix, commands)).toBeUndefined();
  });

  it.each([
    ['SB-', 'can only have lower-case letters'],
    ['sb ', 'can only have lower-case letters'],
    ['s/b', 'can only have lower-case letters'],
    ['a-very-long-prefix-x', "longer than Slack's 32 characters; use at most 19 characters"],
  ])('refuses %j, saying %s', (prefix, says) => {
    expect(prefixProblem(prefix, commands)).toContain(says);
  });
});
