import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  actionWords,
  AUDIT_ACTION_WORDS,
  changesInWords,
  changeText,
  fieldWords,
  labelledPerson,
  valueWords,
} from '../../../src/features/audit/audit-words.rules.ts';
import { personName } from '../../../src/core/users.rules.ts';

const SRC = path.resolve(import.meta.dirname, '../../../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'generated' ? [] : sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** The text of the call that starts at `start` (at its opening parenthesis), parentheses balanced. */
function callText(source: string, start: number): string {
  let depth = 0;
  for (let i = start; i < source.length; i++) {
    if (source[i] === '(') depth += 1;
    if (source[i] === ')' && --depth === 0) return source.slice(start, i + 1);
  }
  return source.slice(start);
}

const CODE = /'([a-z_]+\.[a-z_]+)'/g;

/**
 * Where the action is computed (a template, a variable), the codes it can be — kept by hand. A
 * new computed action fails the test until it is listed here (and its codes have words).
 */
const COMPUTED: Record<string, string[]> = {
  'features/users/lifecycle/lifecycle.ts': [
    'user.deactivated',
    'user.reactivated',
    'user.deleted',
    'user.admin_removed',
  ],
  'features/invitations/invitations.ts': ['invitation.resent', 'invitation.revoked'],
  'features/telephony/assignments.ts': ['number.assigned', 'number.unassigned', 'device.assigned', 'device.unassigned'],
  'features/telephony/call-groups.ts': ['call_group.added', 'call_group.removed'],
};

/** Every action code the code base records: recordAudit's `action`, and the SQL that writes audit_event. */
function recordedCodes(): { codes: Set<string>; computedIn: string[] } {
  const codes = new Set<string>();
  const computedIn: string[] = [];
  for (const file of sourceFiles(SRC)) {
    const relative = path.relative(SRC, file).split(path.sep).join('/');
    if (relative === 'core/audit.ts') continue;
    const source = readFileSync(file, 'utf8');
    for (let at = source.indexOf('recordAudit('); at >= 0; at = source.indexOf('recordAudit(', at + 1)) {
      if (/function\s+$/.test(source.slice(Math.max(0, at - 20), at))) continue;
      const call = callText(source, at + 'recordAudit'.length);
      const expression = /\baction\s*(?::\s*([^\n]*)|,)/.exec(call)?.[1] ?? '';
      const literals = [...expression.matchAll(CODE)].map((match) => match[1]!);
      if (literals.length && !expression.includes('`')) literals.forEach((code) => codes.add(code));
      else computedIn.push(relative);
    }
    for (
      let at = source.indexOf('INSERT INTO audit_event');
      at >= 0;
      at = source.indexOf('INSERT INTO audit_event', at + 1)
    ) {
      for (const match of source.slice(at, at + 600).matchAll(CODE)) codes.add(match[1]!);
    }
    // Helpers that take the code as an argument (call-groups' audit(tx, actor, company, 'call_group.added', …)).
    if (COMPUTED[relative]) {
      for (const line of source.split('\n')) {
        if (/\btype:/.test(line)) continue;
        for (const match of line.matchAll(CODE)) codes.add(match[1]!);
      }
      COMPUTED[relative].forEach((code) => codes.add(code));
    }
  }
  return { codes, computedIn: [...new Set(computedIn)] };
}

describe('audit actions in words', () => {
  const { codes, computedIn } = recordedCodes();

  it('finds the codes the code base records', () => {
    expect(codes.size).toBeGreaterThan(40);
    expect(codes).toContain('user.invited'); // written by SQL, not recordAudit
    expect(codes).toContain('user.admin_removed'); // a template
    expect(codes).toContain('call_group.added'); // through a helper
  });

  it('knows every place where the code is computed', () => {
    expect(computedIn.filter((file) => !COMPUTED[file])).toEqual([]);
  });

  it('has words for every action code the code base records', () => {
    const missing = [...codes].filter((code) => !AUDIT_ACTION_WORDS[code]).sort();
    expect(missing, 'add these to AUDIT_ACTION_WORDS in src/features/audit/audit-words.rules.ts').toEqual([]);
  });

  it('words are words: no codes, dots or underscores', () => {
    for (const words of Object.values(AUDIT_ACTION_WORDS)) expect(words).not.toMatch(/[._]/);
  });

  it('reads a code from an older version as its parts rather than failing', () => {
    expect(actionWords('user.edited')).toBe('edited');
    expect(actionWords('user.slack_linked')).toBe('Slack account linked');
    expect(actionWords('widget.polished_twice')).toBe('widget polished twice');
  });
});

describe('changes in words', () => {
  it('a new user lists only what was set, privileges as labels', () => {
    const changes = changesInWords('user.created', null, {
      email: 'ada@example.com',
      firstName: 'Ada',
      lastName: 'Lovelace',
      title: null,
      officePhone: null,
      mobilePhone: '',
      company: 'Acme',
      privileges: ['Active', 'Portal Access'],
    }).map((change) => changeText(change));
    expect(changes).toEqual([
      'email: ada@example.com',
      'first name: Ada',
      'last name: Lovelace',
      'company: Acme',
      'privileges: Active, Portal Access',
    ]);
  });

  it('an edit lists what changed, before → after, booleans as yes/no and companies by name', () => {
    const names = new Map([['0b8f2a8e-0000-4000-8000-000000000001', 'Acme West']]);
    const changes = changesInWords(
      'user.edited',
      { active: true, title: null, organizationId: 'old' },
      { active: false, title: 'Engineer', organizationId: '0b8f2a8e-0000-4000-8000-000000000001' },
      (field, id) => (field === 'organizationId' ? names.get(id) : undefined),
    ).map((change) => changeText(change));
    expect(changes).toEqual(['active: yes → no', 'title: — → Engineer', 'company: old → Acme West']);
  });

  it('something removed says what it was', () => {
    const changes = changesInWords('location.removed', { name: 'HQ', address: null }, undefined);
    expect(changes.map((change) => changeText(change))).toEqual(['name was HQ']);
  });

  it('a setting cleared still says so', () => {
    expect(changesInWords('user.location_set', undefined, { location: null }).map((c) => changeText(c))).toEqual([
      'location: —',
    ]);
  });

  it.each([
    ['grantMinutes', 480, '8 hours'],
    ['via', 'web', 'on the invitation page'],
    ['callList', 'shortened', 'last digits hidden'],
    ['groups', [], 'none'],
    ['seats', 12500, '12500'],
    ['released', { numbers: ['+49 30 1'], devices: 2 }, 'numbers +49 30 1, devices 2'],
  ])('%s %j reads "%s"', (field, value, words) => {
    expect(valueWords(field, value)).toBe(words);
  });

  it('names fields as people do', () => {
    expect(fieldWords('firstName')).toBe('first name');
    expect(fieldWords('mustChangePassword')).toBe('must change the password');
    expect(fieldWords('someNewField')).toBe('some new field');
    expect(fieldWords('Meet')).toBe('Meet');
    expect(fieldWords('given', 'admin_request.approved')).toBe('approvals so far');
  });
});

describe('labelledPerson: a stored label named as people read names', () => {
  it.each([
    ['Ada Lovelace <ada@example.com>', 'Ada Lovelace (ada@example.com)'],
    ['ada@example.com <ada@example.com>', 'ada@example.com'],
    ['ada@example.com', 'ada@example.com'],
    ['system:cli', 'Switchboard cli'],
    ['Acme › Acme West', 'Acme › Acme West'],
    ['A <b> c', 'A <b> c'],
  ])('%s → %s', (label, named) => {
    expect(personName(labelledPerson(label))).toBe(named);
  });

  it('marks a Slack account change so Slack can show mentions', () => {
    expect(changesInWords('user.slack_linked', { slackUserId: null }, { slackUserId: 'U0ADA' })).toEqual([
      { field: 'Slack account', before: '—', after: 'U0ADA', slackUsers: true },
    ]);
  });
});
