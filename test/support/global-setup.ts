import { spawn } from 'node:child_process';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** adminUrl, and the URL of any database: urlTemplate with DATABASE_NAME replaced. */
    postgres: { adminUrl: string; urlTemplate: string };
  }
}

/**
 * One embedded PostgreSQL per test run, with a migrated template database to copy per file. It
 * runs in a child process (see postgres-server.ts), stopped when the run ends.
 */
export default async function setup(project: TestProject) {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'postgres-server.ts')], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const ready = await new Promise<{ adminUrl: string; urlTemplate: string }>((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split('\n').find((candidate) => candidate.startsWith('{'));
      if (line) resolve(JSON.parse(line));
    });
    child.once('exit', (code) => reject(new Error(`the test PostgreSQL exited early (code ${code})`)));
  });
  project.provide('postgres', ready);
  return () =>
    new Promise<void>((resolve) => {
      child.removeAllListeners('exit');
      child.once('exit', () => resolve());
      child.kill('SIGINT');
    });
}
