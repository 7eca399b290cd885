import pg from 'pg';

const QUERIES = {
  columns: `SELECT table_name, column_name, data_type, udt_name, is_nullable, column_default, datetime_precision
            FROM information_schema.columns
            WHERE table_schema = 'public' AND table_name <> '_prisma_migrations' ORDER BY 1, 2`,
  indexes: `SELECT tablename, indexname, indexdef FROM pg_indexes
            WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY 1, 2`,
  constraints: `SELECT conrelid::regclass::text AS table_name, conname, pg_get_constraintdef(oid) AS definition
                FROM pg_constraint
                WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text <> '_prisma_migrations'
                ORDER BY 1, 2`,
  enums: `SELECT t.typname, e.enumlabel FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid
          ORDER BY t.typname, e.enumsortorder`,
};

/** The shape of a database's public schema: tables, columns, indexes, constraints, enums. */
export async function describeSchema(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const shape: Record<string, unknown[]> = {};
    for (const [name, sql] of Object.entries(QUERIES)) shape[name] = (await client.query(sql)).rows;
    return shape;
  } finally {
    await client.end();
  }
}

export async function runScript(url: string, sql: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
