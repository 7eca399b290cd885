import type { DatabaseConfig } from '../config.ts';
import { createPrismaClient, type Database } from './client.ts';
import { ensureDatabase, startEmbeddedPostgres } from './embedded.ts';
import { applyMigrations } from './migrate.ts';

export interface OpenDatabase {
  db: Database;
  url: string;
  /** Whether the server is the embedded one started by this process. */
  embedded: boolean;
  appliedMigrations: string[];
  close(): Promise<void>;
}

export const EMBEDDED_DATABASE = 'switchboard';

/**
 * Connects to DATABASE_URL, or starts the embedded PostgreSQL when it is unset, applies pending
 * migrations and returns a Prisma client.
 */
export async function openDatabase(config: DatabaseConfig): Promise<OpenDatabase> {
  const server = config.databaseUrl
    ? undefined
    : await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedDbPort });
  try {
    let url = config.databaseUrl;
    if (server) {
      await ensureDatabase(server.adminUrl, EMBEDDED_DATABASE);
      url = server.urlFor(EMBEDDED_DATABASE);
    }
    const appliedMigrations = await applyMigrations(url!);
    const db = createPrismaClient(url!, config.poolSize);
    return {
      db,
      url: url!,
      embedded: Boolean(server),
      appliedMigrations,
      async close() {
        await db.$disconnect();
        await server?.stop();
      },
    };
  } catch (error) {
    await server?.stop();
    throw error;
  }
}
