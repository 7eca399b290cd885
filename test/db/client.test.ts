import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allowBulkWork, createPrismaClient, type Database } from '../../src/db/client.ts';
import { requireCapability } from '../../src/core/actors.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

let database: TestDatabase;
let db: Database;
beforeAll(async () => {
  database = await createTestDatabase();
  db = createPrismaClient(database.url, 2, { statementTimeoutMs: 200, lockTimeoutMs: 100 });
});
afterAll(async () => {
  await db.$disconnect();
  await database.drop();
});

const setting = async (name: string) =>
  (await db.$queryRawUnsafe<{ value: string }[]>(`SELECT current_setting('${name}') AS value`))[0]!.value;

describe('the pool’s time limits', () => {
  it('are set on every connection', async () => {
    expect(await setting('statement_timeout')).toBe('200ms');
    expect(await setting('lock_timeout')).toBe('100ms');
  });

  it('allowBulkWork lifts them for its transaction only', async () => {
    await db.$transaction(async (tx) => {
      await allowBulkWork(tx, { lockTimeoutMs: 30_000 });
      // Longer than the pool's statement limit, inside the bulk transaction: it runs.
      await tx.$queryRaw`SELECT pg_sleep(0.4)::text`;
      const [row] = await tx.$queryRaw<{ lock: string }[]>`SELECT current_setting('lock_timeout') AS lock`;
      expect(row!.lock).toBe('30s');
    });
    expect(await setting('statement_timeout')).toBe('200ms');
    await expect(db.$queryRaw`SELECT pg_sleep(0.4)::text`).rejects.toThrow(/57014/);
  });
});

describe('prepared statements', () => {
  it('a query marked `/* prepared: name */` is prepared once on its connection; others are not kept', async () => {
    const single = createPrismaClient(database.url, 1);
    try {
      const organization = await single.organization.create({ data: { name: 'Acme' } });
      await single.user.create({
        data: {
          organizationId: organization.id,
          email: 'grace@acme.example',
          firstName: 'Grace',
          lastName: 'Hopper',
          slackTeamId: 'T1',
          slackUserId: 'U1',
        },
      });
      const ref = { slackTeamId: 'T1', slackUserId: 'U1' };
      expect((await requireCapability(single, ref, 'ownProfile')).label).toBe('grace@acme.example');
      expect((await requireCapability(single, ref, 'ownProfile')).label).toBe('grace@acme.example');
      // One connection: the statements it holds are the ones this client prepared.
      const prepared = await single.$queryRaw<{ name: string; calls: bigint }[]>`
        SELECT name, generic_plans + custom_plans AS calls FROM pg_prepared_statements`;
      expect(prepared.map((row) => row.name)).toEqual(['actor-by-slack-user']);
      expect(Number(prepared[0]!.calls)).toBe(2);
    } finally {
      await single.$disconnect();
    }
  });
});
