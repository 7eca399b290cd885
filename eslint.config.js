// ESLint with typescript-eslint, not Biome: we want typed rules. `no-floating-promises` and
// `no-misused-promises` know which expressions are promises, so they catch a Bolt listener that
// forgets to await `ack()` / `respond()` / `client.*` (the request then ends before Slack gets an
// answer, or a failure goes unhandled). Biome has no type information and cannot check that.
//
// Type-aware linting reads the TypeScript program through `projectService` (tsconfig.json), so it
// sees what `tsc --noEmit` sees; `src/db/generated` (Prisma's client) is ignored but still typed.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig(
  { ignores: ['node_modules/', 'data/', 'src/db/generated/', 'coverage/', 'dist/', 'dist.*/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      // With every check on, voids included: Bolt types a listener as returning a promise, and
      // where a callback is typed `() => void` (setInterval, process.on, http handlers) the code
      // catches inside it, so `checksVoidReturn` needs no exception.
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          args: 'after-used',
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
        },
      ],
    },
  },
  {
    rules: {
      // `x == null` stays allowed: it is the idiom for "null or undefined".
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },
  // The app logs through its one logger (src/core/logger.ts: pino, at LOG_LEVEL); the console is
  // for the person only: start-up and shutdown lines (main.ts) and the CLI's output (src/cli hands
  // console.log / console.error to commands as `out` / `err`).
  {
    files: ['src/**/*.ts'],
    rules: { 'no-console': 'error' },
  },
  {
    files: ['src/main.ts', 'src/cli/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
  // date-fns' index loads all of its ~250 functions (in `npm start`: ~300 ms and ~10 MB); each
  // function has its own entry point.
  {
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'date-fns', message: "Import each function from its own path: 'date-fns/addMinutes'." }] },
      ],
    },
  },
  // Tests dig into the JSON the fake Slack received (views, messages, acks) and probe it with
  // `(b: any) => b.block_id === …`; that JSON has no static type, and typing each probe would add
  // casts, not checks. `any` stays forbidden in src/, bench/ and scripts/.
  {
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  // Plain JavaScript (this file, bin/, scripts/*.mjs) is outside tsconfig.json: no typed rules.
  {
    files: ['**/*.{js,mjs,cjs}'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
);
