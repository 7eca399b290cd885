// Compiles src/ to dist/ (tsconfig.build.json) so `npm start` runs JavaScript, not a TypeScript
// loader. Run as `prestart`: when nothing under src/ (or the compiler settings) is newer than the
// last build it does nothing, in a few milliseconds. It only transpiles (--noCheck): type checking
// is `npm test`'s job (tsc --noEmit). Builds take turns (a lock folder), and each new build is
// written beside the old one and swapped in, so a process starting meanwhile never loads
// half-written files.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const dist = path.join(root, 'dist');
const stamp = path.join(dist, '.built');
const lock = `${dist}.lock`;
/** A lock older than this was left by a build that died. */
const STALE_LOCK_MS = 5 * 60_000;

function newestChange(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestChange(full) : statSync(full).mtimeMs);
  }
  return newest;
}

function upToDate() {
  const sources = Math.max(
    newestChange(path.join(root, 'src')),
    ...['tsconfig.json', 'tsconfig.build.json', 'package-lock.json'].map((file) =>
      existsSync(path.join(root, file)) ? statSync(path.join(root, file)).mtimeMs : 0,
    ),
  );
  return existsSync(stamp) && statSync(stamp).mtimeMs >= sources;
}

function takeLock() {
  for (;;) {
    try {
      mkdirSync(lock);
      return;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      if (Date.now() - statSync(lock, { throwIfNoEntry: false })?.mtimeMs > STALE_LOCK_MS) {
        rmSync(lock, { recursive: true, force: true });
      }
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    }
  }
}

const force = process.argv.includes('--force');
if (force || !upToDate()) {
  takeLock();
  try {
    // Another build may have finished while this one waited.
    if (force || !upToDate()) build();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function build() {
  const started = Date.now();
  const next = `${dist}.next`;
  const old = `${dist}.old`;
  rmSync(next, { recursive: true, force: true });
  const tsc = path.join(root, 'node_modules/typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--noCheck', '--outDir', next], {
    cwd: root,
    stdio: 'inherit',
  });
  // Stamped with the time the build began: a file changed during the build is newer, so the next
  // start compiles again.
  writeFileSync(path.join(next, '.built'), '');
  utimesSync(path.join(next, '.built'), started / 1000, started / 1000);
  rmSync(old, { recursive: true, force: true });
  if (existsSync(dist)) renameSync(dist, old);
  renameSync(next, dist);
  rmSync(old, { recursive: true, force: true });
  console.log(`Compiled src/ to dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
}
