import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, it } from 'vitest';
import { compileApp, root } from './support/processes.ts';

// npm start runs one bundle (scripts/build.mjs). V8 keeps a script's source in memory, at one byte
// a character only when every character is Latin-1: one en dash in a regular expression made the
// bundle a 12 MB string instead of 6 (docs/benchmarks.md, idle memory).
it('the bundle npm start runs is Latin-1 throughout', async () => {
  await compileApp();
  const bundle = await readFile(path.join(root, 'dist/main.js'), 'utf8');
  const wide: string[] = [];
  for (let at = 0; at < bundle.length; at++) {
    if (bundle.charCodeAt(at) > 0xff) wide.push(bundle.slice(at - 30, at + 10));
  }
  expect(wide).toEqual([]);
});
