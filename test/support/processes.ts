import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';
import { connect } from 'node:net';
import path from 'node:path';
import { expect } from 'vitest';
import { waitFor } from './wait.ts';

export const root = path.resolve(import.meta.dirname, '../..');
const baseEnv = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root' };

export interface Run {
  child: ChildProcess;
  interrupt(): void;
  output: () => string;
  exited: Promise<number | null>;
}

/** Runs a command as a person would in a terminal: only PATH, HOME and `env` set; `cwd` the project. */
export function run(command: string, args: string[], env: Record<string, string>, cwd = root): Run {
  // Detached: its own process group, so Ctrl-C can be sent to all of it, as a terminal does.
  const child = spawn(command, args, { cwd, env: { ...baseEnv, ...env }, detached: true });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited, interrupt: () => process.kill(-child.pid!, 'SIGINT') };
}

/**
 * Compiles the app as `npm start`'s prestart does (scripts/build.mjs; nothing when up to date), so a
 * test's wait for the app to start doesn't include the compile.
 */
export async function compileApp(): Promise<void> {
  await promisify(execFile)(process.execPath, [path.join(root, 'scripts/build.mjs')], { cwd: root });
}

export function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

/** Ctrl-C: the app says it stops, and takes the embedded PostgreSQL down with it. */
export async function stopWithCtrlC(app: Run, databasePort: number) {
  app.interrupt();
  await app.exited;
  expect(app.output()).toContain('SIGINT: stopping Switchboard');
  await waitFor(async () => !(await isListening(databasePort)), { what: 'the database to stop' });
}
