import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_PAGE_ACTION } from '../../../src/features/audit/audit.blocks.ts';
import { seedOrganization, seedUser, slackPersonOf } from '../../support/fixtures.ts';
import { startTestApp, type TestApp } from '../../support/harness.ts';

// 45 changes in Acme (and one elsewhere, not counted): /audit says where each page is.
let t: TestApp;
let viewer: Awaited<ReturnType<typeof seedUser>>;

beforeAll(async () => {
  t = await startTestApp();
  const acme = await seedOrganization(t.db, 'Acme');
  const other = await seedOrganization(t.db, 'Other');
  viewer = await seedUser(t.db, acme.id, { portalAccess: true });
  const event = (organizationId: string, n: number) => ({
    actorLabel: 'system:cli',
    action: 'user.edited',
    targetType: 'user',
    targetLabel: `Person ${n} <person${n}@acme.example>`,
    organizationId,
    after: { title: `Title ${n}` },
  });
  await t.db.auditEvent.createMany({ data: Array.from({ length: 45 }, (_, n) => event(acme.id, n)) });
  await t.db.auditEvent.create({ data: event(other.id, 99) });
});
afterAll(() => t.stop());

const older = (message: { blocks: any[] }) =>
  message.blocks
    .flatMap((block) => block.elements ?? [])
    .find((element: any) => element.action_id === AUDIT_PAGE_ACTION);

describe('/audit says how many changes there are and where you are', () => {
  it('1–20, 21–40, 41–45 of 45', async () => {
    const first = await (await t.command(slackPersonOf(viewer), '/audit', '')).json();
    expect(first.text).toBe('Latest changes: 1–20 of 45.');
    expect(first.blocks[0].text.text).toBe('*Latest changes* — 1–20 of 45');
    const click = (button: { value: string }) =>
      t.click(slackPersonOf(viewer), { type: 'button', action_id: AUDIT_PAGE_ACTION, value: button.value });
    const second = await click(older(first));
    expect(second.blocks[0].text.text).toBe('*Latest changes* — 21–40 of 45');
    const third = await click(older(second));
    expect(third.blocks[0].text.text).toBe('*Latest changes* — 41–45 of 45');
    expect(older(third)).toBeUndefined();
  });

  it('counts the changes about one user', async () => {
    const about = await (await t.command(slackPersonOf(viewer), '/audit', 'person7@acme.example')).json();
    expect(about.text).toBe('Changes about person7@acme.example: all 1.');
  });
});
