import net from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaClient } from '../../src/db/client.ts';
import { databaseTrouble } from '../../src/db/errors.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

// The errors here are the real ones: Prisma over @prisma/adapter-pg against the test PostgreSQL, a
// closed port, a missing Unix socket and a server that never answers.

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('it did not fail');
    },
    (error: unknown) => error,
  );

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

describe('databaseTrouble', () => {
  it('a lock wait past lock_timeout (55P03) and a statement past statement_timeout (57014) are "busy"', async () => {
    const db = createPrismaClient(database.url, 2, { lockTimeoutMs: 200, statementTimeoutMs: 300 });
    const organization = await db.organization.create({ data: { name: 'Acme' } });
    const holder = new pg.Client({ connectionString: database.url });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT id FROM organization WHERE id = $1 FOR UPDATE', [organization.id]);
      const locked = await failure(db.organization.update({ where: { id: organization.id }, data: { name: 'X' } }));
      expect(String(locked)).toContain('55P03');
      expect(databaseTrouble(locked)).toBe('busy');
      const slow = await failure(db.$queryRaw`SELECT pg_sleep(1)::text`);
      expect(String(slow)).toContain('57014');
      expect(databaseTrouble(slow)).toBe('busy');
    } finally {
      await holder.query('ROLLBACK');
      await holder.end();
      await db.$disconnect();
    }
  });

  it('a closed port, a missing socket and a server that never answers are "unreachable"', async () => {
    const silent = net.createServer(() => undefined).listen(0, '127.0.0.1');
    await new Promise((resolve) => silent.once('listening', resolve));
    const silentPort = (silent.address() as net.AddressInfo).port;
    const closedPort = await new Promise<number>((resolve) => {
      const probe = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as net.AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    try {
      for (const url of [
        `postgresql://u:p@127.0.0.1:${closedPort}/db`,
        'postgresql://u:p@localhost/db?host=/nonexistent-socket-dir',
        `postgresql://u:p@127.0.0.1:${silentPort}/db`,
      ]) {
        const db = createPrismaClient(url, 1, { connectionTimeoutMs: 300 });
        const error = await failure(db.organization.findMany());
        expect(databaseTrouble(error), `${url}: ${String(error)}`).toBe('unreachable');
        const inTransaction = await failure(db.$transaction((tx) => tx.organization.findMany()));
        expect(databaseTrouble(inTransaction), `${url} (transaction)`).toBe('unreachable');
        await db.$disconnect();
      }
    } finally {
      silent.close();
    }
  });

  it('anything else is not the database’s trouble', async () => {
    const error = await failure(database.db.$queryRawUnsafe('SELECT * FROM no_such_table'));
    expect(databaseTrouble(error)).toBeUndefined();
    expect(databaseTrouble(new Error('boom'))).toBeUndefined();
    expect(databaseTrouble(Object.assign(new Error('raise'), { code: 'P0001' }))).toBeUndefined();
    expect(databaseTrouble(null)).toBeUndefined();
  });

  it('finds the trouble inside what Bolt and other wrappers make of it', () => {
    const cause = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    expect(databaseTrouble({ code: 'slack_bolt_unknown_error', original: cause })).toBe('unreachable');
    expect(databaseTrouble(new Error('outer', { cause }))).toBe('unreachable');
    // node-postgres, when a transaction's connection broke under it.
    expect(databaseTrouble(new Error('Client has encountered a connection error and is not queryable'))).toBe(
      'unreachable',
    );
  });
});
