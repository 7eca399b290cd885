import type { DatabaseConfig } from '../config.ts';
import type { Database } from '../db/client.ts';
import { openDatabase } from '../db/database.ts';

/** Opens the database (embedded or DATABASE_URL, migrated), runs `work`, and closes it. */
export async function withDatabase<T>(config: DatabaseConfig, work: (db: Database) => Promise<T>): Promise<T> {
  const database = await openDatabase(config);
  try {
    return await work(database.db);
  } finally {
    await database.close();
  }
}
