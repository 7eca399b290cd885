// bench/import: a generated invitation CSV of 100,000 rows (2% invalid, 1% duplicates), checked
// (dry run) and imported through the service, streamed from the file; the floor is the same people
// inserted with pg in batched multi-row INSERTs (users and invitations) into a database with the
// same schema, in the same run. Prints rows/s for each, the ratio to the floor, and peak RSS.
import { execFileSync } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createPrismaClient } from '../src/db/client.ts';
import { ensureDatabase, startEmbeddedPostgres } from '../src/db/embedded.ts';
import { freePort } from '../src/db/free-port.ts';
import { importInvitations, previewInvitations } from '../src/features/invitations/invitation-import.ts';
import type { ServiceSettings } from '../src/core/settings.ts';

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 100_000);
const ACTOR = { system: 'bench' };
const SETTINGS: ServiceSettings = {
  notifyChannel: 'C0BENCH',
  defaultPhoneRegion: 'US',
  approvals: { channel: 'C0BENCH', required: 1, ttlMinutes: 60 },
  invitations: { channel: 'C0BENCH', ttlMinutes: 14 * 24 * 60 },
  deviceFeeCents: 495,
};

/** Row n: every 50th invalid, every 100th a repeat of an earlier email, half with a license. */
function csvRows(count: number, prefix: string): string {
  const lines = ['email,license'];
  for (let n = 0; n < count; n++) {
    if (n % 50 === 49) lines.push(`not-an-email-${n},true`);
    else if (n % 100 === 98) lines.push(`${prefix}${n - 1}@bench.example,false`);
    else lines.push(`${prefix}${n}@bench.example,${n % 2 ? 'true' : 'false'}`);
  }
  return lines.join('\n') + '\n';
}

/**
 * Applies the migrations in a child process: the app loads the migration engine only when a
 * migration is pending and releases it after, so it is no part of the import's memory.
 */
function migrate(url: string): void {
  const migrateModule = new URL('../src/db/migrate.ts', import.meta.url).href;
  execFileSync(
    process.execPath,
    [
      '--import',
      'tsx',
      '--input-type=module',
      '-e',
      `const { applyMigrations } = await import(${JSON.stringify(migrateModule)}); await applyMigrations(${JSON.stringify(url)});`,
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
}

const peakRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

async function seedCompany(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const org = (
    await client.query(`INSERT INTO organization (id, name) VALUES (gen_random_uuid(), 'Bench Co') RETURNING id`)
  ).rows[0].id;
  const product = (
    await client.query(`INSERT INTO product (id, name, key) VALUES (gen_random_uuid(), 'Meet', 'meet') RETURNING id`)
  ).rows[0].id;
  await client.query(
    `INSERT INTO license_pool (id, organization_id, product_id, seats) VALUES (gen_random_uuid(), $1, $2, $3)`,
    [org, product, ROWS * 2],
  );
  await client.end();
  return org as string;
}

/** The floor: the valid, distinct people of the file, inserted 5,000 a statement with pg. */
async function floor(url: string, file: string, organizationId: string): Promise<number> {
  const people = new Map<string, boolean>();
  for (const line of file.trim().split('\n').slice(1)) {
    const [email = '', license] = line.split(',');
    if (email.includes('@') && !people.has(email)) people.set(email, license === 'true');
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const entries = [...people];
  const started = performance.now();
  await client.query('BEGIN');
  for (let start = 0; start < entries.length; start += 5_000) {
    const batch = entries.slice(start, start + 5_000);
    const ids = (
      await client.query(
        `INSERT INTO "user" (id, organization_id, email, first_name, last_name, active, invited_at, search_text, updated_at)
         SELECT gen_random_uuid(), $1::uuid, e, '', '', false, now(), '  ' || e, now() FROM unnest($2::text[]) AS e
         RETURNING id`,
        [organizationId, batch.map(([email]) => email)],
      )
    ).rows.map((row) => row.id);
    await client.query(
      `INSERT INTO invitation (id, user_id, status, invited_by)
       SELECT gen_random_uuid(), u, (CASE WHEN l THEN 'sent' ELSE 'waiting_license' END)::invitation_status, 'bench'
       FROM unnest($1::uuid[], $2::bool[]) AS t(u, l)`,
      [ids, batch.map(([, license]) => license)],
    );
  }
  await client.query('COMMIT');
  const seconds = (performance.now() - started) / 1000;
  await client.end();
  return entries.length / seconds;
}

export async function benchImport(): Promise<void> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'switchboard-bench-import-'));
  const postgres = await startEmbeddedPostgres({ dataDir, port: await freePort(), persistent: false });
  try {
    for (const name of ['service', 'floor']) await ensureDatabase(postgres.adminUrl, name);
    const serviceUrl = postgres.urlFor('service');
    const floorUrl = postgres.urlFor('floor');
    migrate(serviceUrl);
    migrate(floorUrl);
    await seedCompany(serviceUrl);
    const floorOrg = await seedCompany(floorUrl);
    const db = createPrismaClient(serviceUrl, 4);
    const run = async (rows: number, prefix: string) => {
      const file = path.join(dataDir, `${prefix}.csv`);
      const content = csvRows(rows, prefix);
      await writeFile(file, content);
      const choice = { company: 'Bench Co', product: 'Meet' };
      let started = performance.now();
      const preview = await previewInvitations(db, ACTOR, { ...choice, source: createReadStream(file) });
      const dryRunSeconds = (performance.now() - started) / 1000;
      started = performance.now();
      const result = await importInvitations(db, SETTINGS, ACTOR, {
        ...choice,
        fileName: `${prefix}.csv`,
        source: createReadStream(file),
      });
      const importSeconds = (performance.now() - started) / 1000;
      return { content, preview, result, dryRunSeconds, importSeconds, rss: peakRssMb() };
    };
    const baseline = peakRssMb();
    const small = await run(Math.round(ROWS / 10), 'small');
    const big = await run(ROWS, 'big');
    const floorRate = await floor(floorUrl, big.content, floorOrg);
    const rate = (seconds: number) => Math.round(ROWS / seconds);
    console.log(
      `\nbench/import — ${ROWS} rows (${big.preview.invalid} invalid, ${big.preview.duplicates} duplicates), streamed from a file`,
    );
    console.log(
      `  dry run:  ${rate(big.dryRunSeconds).toLocaleString('en')} rows/s (${big.dryRunSeconds.toFixed(2)} s)`,
    );
    console.log(
      `  import:   ${rate(big.importSeconds).toLocaleString('en')} rows/s (${big.importSeconds.toFixed(2)} s): ${big.result.invited} invited, ${big.result.skipped} skipped`,
    );
    console.log(
      `  floor:    ${Math.round(floorRate).toLocaleString('en')} people/s (pg, 5,000-row INSERTs of users and invitations, one transaction)`,
    );
    console.log(
      `  ratio to floor: ${(big.result.invited / big.importSeconds / floorRate).toFixed(2)} (people/s vs people/s; target ≥ 0.25)`,
    );
    console.log(
      `  peak RSS: ${baseline} MB before, ${small.rss} MB after ${Math.round(ROWS / 10)} rows, ${big.rss} MB after ${ROWS} rows (target ≤ 300 MB, not growing with the file)`,
    );
    await db.$disconnect();
  } finally {
    await postgres.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
