// Generates the Prisma client after `npm install`. The Prisma CLI would otherwise try to download
// a native schema engine that `prisma generate` does not need (and that these machines can't fetch).
import { execFileSync } from 'node:child_process';

execFileSync('npx', ['prisma', 'generate'], {
  stdio: 'inherit',
  env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: '/bin/false', PRISMA_HIDE_UPDATE_MESSAGE: '1' },
});
