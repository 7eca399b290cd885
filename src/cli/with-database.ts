import { loadServiceConfig, type DatabaseConfig } from '../config.ts';
import type { ServiceSettings } from '../core/settings.ts';
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

/** Runs `work` with the database and the service settings (channels, phone region, device fee). */
export function withServices<T>(work: (db: Database, config: ServiceSettings) => Promise<T>): Promise<T> {
  const config = loadServiceConfig(process.env);
  return withDatabase(config, (db) => work(db, config));
}
