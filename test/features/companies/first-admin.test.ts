import { afterAll, beforeAll, expect, it } from 'vitest';
import { bootstrapFirstAdmin } from '../../../src/features/companies/bootstrap.ts';
import { startTestApp, TEAM_ID, type TestApp } from '../../support/harness.ts';
import { waitFor } from '../../support/wait.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  await bootstrapFirstAdmin(t.db, {
    organization: 'Acme',
    email: 'grace@acme.example',
    name: 'Grace Hopper',
    slackUserId: 'U0GRACE',
  });
});
afterAll(() => t.stop());

it('links an admin bootstrapped without a team to the workspace of their first request', async () => {
  await t.command({ userId: 'U0GRACE', teamId: TEAM_ID }, '/adduser');
  await waitFor(() => t.slack.callsTo('views.open')[0]);
  const admin = await t.db.user.findUniqueOrThrow({ where: { email: 'grace@acme.example' } });
  expect(admin.slackTeamId).toBe(TEAM_ID);
});

it('then refuses the same member id coming from another workspace', async () => {
  const response = await t.command({ userId: 'U0GRACE', teamId: 'T0OTHER' }, '/adduser');
  expect((await response.json()).text).toContain('not linked to a Switchboard user');
  expect(t.slack.callsTo('views.open')).toHaveLength(1);
});
