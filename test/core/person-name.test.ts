import { describe, expect, it } from 'vitest';
import { personName } from '../../src/core/users.rules.ts';
import { mentionFit } from '../../src/slack/fit.ts';
import { mention } from '../../src/slack/mrkdwn.ts';

describe('one way to name a person', () => {
  it('is "Name (email)" in plain text', () => {
    expect(personName({ firstName: 'Ada', lastName: 'Lovelace', email: 'ada@x.com' })).toBe('Ada Lovelace (ada@x.com)');
    expect(personName({ fullName: 'Ada Lovelace', email: 'ada@x.com', slackUserId: 'U1' })).toBe(
      'Ada Lovelace (ada@x.com)',
    );
  });

  it('gives the email once while the name is unknown', () => {
    expect(personName({ firstName: '', lastName: '', email: 'ann@x.com' })).toBe('ann@x.com');
    expect(personName({ fullName: ' ', email: 'ann@x.com' })).toBe('ann@x.com');
    // fullName() falls back to the email: still once.
    expect(personName({ fullName: 'ann@x.com', email: 'ann@x.com' })).toBe('ann@x.com');
    expect(personName({ fullName: 'Ann@X.com', email: 'ann@x.com' })).toBe('ann@x.com');
  });

  it('gives the name alone for someone with no email (a system actor)', () => {
    expect(personName({ fullName: 'Switchboard cli', email: null })).toBe('Switchboard cli');
  });

  it('mentions a linked Slack user in mrkdwn, and names everyone else as in plain text, escaped', () => {
    expect(mentionFit({ fullName: 'Ada Lovelace', email: 'ada@x.com', slackUserId: 'U1' }, 400)).toBe('<@U1>');
    expect(mentionFit({ fullName: '<!channel> Ada', email: 'a&b@x.com', slackUserId: null }, 400)).toBe(
      '&lt;!channel&gt; Ada (a&amp;b@x.com)',
    );
    expect(mention({ fullName: '', email: 'ann@x.com', slackUserId: null })).toBe('ann@x.com');
    expect(
      mentionFit({ fullName: 'A'.repeat(100), email: `${'b'.repeat(240)}@x.com`, slackUserId: null }, 50),
    ).toHaveLength(50);
  });
});
