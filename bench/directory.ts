// bench/directory: /users searches at 100,000 users in 200 companies (a 3-level tree), through the
// service (listUsers: actor and privileges, scope, Prisma query) and the same searches written by
// hand with pg (scope, then page), in the same run.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createPrismaClient } from '../src/db/client.ts';
import { ensureDatabase, startEmbeddedPostgres } from '../src/db/embedded.ts';
import { freePort } from '../src/db/free-port.ts';
import { applyMigrations } from '../src/db/migrate.ts';
import { parseUserQuery, searchNeedle, type UserQuery } from '../src/features/users/directory/query.rules.ts';
import { searchTextOf } from '../src/core/users.rules.ts';
import { listUsers } from '../src/features/users/directory/directory.ts';
import { percentiles, timeEach } from './stats.ts';

const USERS = Number(process.env.BENCH_USERS ?? 100_000);
const RUNS = 200;
const FIRST = [
  'Ada',
  'Grace',
  'Alan',
  'Margaret',
  'Linus',
  'Barbara',
  'Dennis',
  'Frances',
  'Ken',
  'Radia',
  'Edsger',
  'Hedy',
  'John',
  'Katherine',
  'Tim',
  'Sophie',
  'Donald',
  'Joan',
  'Niklaus',
  'Shafi',
];
const LAST = [
  'Lovelace',
  'Hopper',
  'Turing',
  'Hamilton',
  'Torvalds',
  'Liskov',
  'Ritchie',
  'Allen',
  'Thompson',
  'Perlman',
  'Dijkstra',
  'Lamarr',
  'Backus',
  'Johnson',
  'Berners',
  'Wilson',
  'Knuth',
  'Clarke',
  'Wirth',
  'Goldwasser',
];

// A fixed pseudo-random sequence, so every run measures the same data and the same searches.
let seed = 42;
const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)]!;

async function seedDirectory(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const root = (
    await client.query(`INSERT INTO organization (id, name) VALUES (gen_random_uuid(), 'Bench Telecom') RETURNING id`)
  ).rows[0].id;
  const companies: string[] = [root];
  for (let r = 0; r < 10; r++) {
    const reseller = (
      await client.query(
        `INSERT INTO organization (id, name, parent_id) VALUES (gen_random_uuid(), $1, $2) RETURNING id`,
        [`Reseller ${r}`, root],
      )
    ).rows[0].id;
    companies.push(reseller);
    for (let c = 0; c < 19; c++) {
      companies.push(
        (
          await client.query(
            `INSERT INTO organization (id, name, parent_id) VALUES (gen_random_uuid(), $1, $2) RETURNING id`,
            [`Customer ${r}-${c}`, reseller],
          )
        ).rows[0].id,
      );
    }
  }
  for (let start = 0; start < USERS; start += 5_000) {
    const rows = Array.from({ length: Math.min(5_000, USERS - start) }, (_, i) => {
      const n = start + i;
      const user = {
        firstName: pick(FIRST),
        lastName: pick(LAST),
        email: `user${n}@bench.example`,
        title: null,
        officePhone: `+1415${String(5_000_000 + n).padStart(7, '0')}`,
        mobilePhone: null,
        faxPhone: null,
      };
      return {
        ...user,
        organizationId: pick(companies),
        searchText: searchTextOf(user),
        active: random() > 0.1,
        admin: n === 0,
      };
    });
    await client.query(
      `INSERT INTO "user" (id, organization_id, email, first_name, last_name, office_phone, search_text, active, admin, updated_at)
       SELECT gen_random_uuid(), o::uuid, e, f, l, p, s, a, ad, now()
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bool[], $8::bool[]) AS t(o, e, f, l, p, s, a, ad)`,
      [
        rows.map((r) => r.organizationId),
        rows.map((r) => r.email),
        rows.map((r) => r.firstName),
        rows.map((r) => r.lastName),
        rows.map((r) => r.officePhone),
        rows.map((r) => r.searchText),
        rows.map((r) => r.active),
        rows.map((r) => r.admin),
      ],
    );
  }
  await client.query('ANALYZE');
  const admin = (await client.query(`SELECT id FROM "user" WHERE email = 'user0@bench.example'`)).rows[0].id;
  await client.query(`UPDATE "user" SET organization_id = $1, active = true WHERE id = $2`, [root, admin]);
  await client.end();
  return { adminId: admin as string, rootId: root as string };
}

// The same search by hand with pg: the companies in scope (one recursive query), then the page.
const SCOPE_SQL = `
  WITH RECURSIVE scope AS (
    SELECT id, name FROM organization WHERE id = $1::uuid
    UNION ALL SELECT o.id, o.name FROM organization o JOIN scope s ON o.parent_id = s.id
  ) SELECT id, name FROM scope`;
const PAGE_SQL = `
  SELECT u.id, u.first_name, u.last_name, u.email, u.active, u.admin, u.portal_access, o.name AS company
  FROM "user" u JOIN organization o ON o.id = u.organization_id
  WHERE u.organization_id = ANY($1::uuid[])
    AND ($2::text IS NULL OR u.search_text LIKE '%' || $2 || '%' OR u.organization_id = ANY($3::uuid[]))
  ORDER BY u.last_name, u.first_name, u.id
  LIMIT 51`;

async function handSearch(client: pg.Client, rootId: string, query: UserQuery) {
  const scope: { id: string; name: string }[] = (await client.query(SCOPE_SQL, [rootId])).rows;
  const company = query.company?.toLowerCase();
  const shown = company ? scope.filter((c) => c.name.toLowerCase() === company) : scope;
  const named = query.text ? scope.filter((c) => c.name.toLowerCase().includes(query.text)) : [];
  const text = query.text ? searchNeedle(query.text) : null;
  return named.length
    ? client.query(PAGE_SQL, [shown.map((c) => c.id), text, named.map((c) => c.id)])
    : client.query(PAGE_SQL.replace(' OR u.organization_id = ANY($3::uuid[])', ''), [shown.map((c) => c.id), text]);
}

export async function benchDirectory(): Promise<void> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'switchboard-bench-directory-'));
  const postgres = await startEmbeddedPostgres({ dataDir, port: await freePort(), persistent: false });
  try {
    await ensureDatabase(postgres.adminUrl, 'directory');
    const url = postgres.urlFor('directory');
    await applyMigrations(url);
    const started = performance.now();
    const { adminId, rootId } = await seedDirectory(url);
    console.log(
      `\nbench/directory: seeded ${USERS} users in 201 companies in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    const db = createPrismaClient(url, 4);
    const hand = new pg.Client({ connectionString: url });
    await hand.connect();
    const kinds: [string, () => string][] = [
      ['name prefix', () => `${pick(FIRST).slice(0, 3 + Math.floor(random() * 3))}`],
      ['email substring', () => `user${Math.floor(random() * USERS)}@`],
      ['company filter', () => `company:"Customer ${Math.floor(random() * 10)}-${Math.floor(random() * 19)}"`],
    ];
    console.log(
      `${'search'.padEnd(18)}${'service p50'.padStart(12)}${'p99'.padStart(8)}${'hand SQL p50'.padStart(14)}${'p99'.padStart(8)}${'ratio p50'.padStart(11)}${'ratio p99'.padStart(11)}`,
    );
    for (const [kind, make] of kinds) {
      const texts = Array.from({ length: RUNS }, make);
      const queries = texts.map((text) => (parseUserQuery(text) as { value: UserQuery }).value);
      const service = percentiles(await timeEach(queries, (query) => listUsers(db, { userId: adminId }, query)));
      const sql = percentiles(await timeEach(queries, (query) => handSearch(hand, rootId, query)));
      console.log(
        `${kind.padEnd(18)}${service.p50.toFixed(2).padStart(12)}${service.p99.toFixed(2).padStart(8)}${sql.p50.toFixed(2).padStart(14)}${sql.p99.toFixed(2).padStart(8)}` +
          `${(service.p50 / sql.p50).toFixed(2).padStart(11)}${(service.p99 / sql.p99).toFixed(2).padStart(11)}`,
      );
    }
    console.log('targets: service p99 ≤ 20 ms, ratio to hand SQL ≤ 2 (times in ms)');
    await hand.end();
    await db.$disconnect();
  } finally {
    await postgres.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
