import { runCli } from '../../src/cli/index.ts';

/** What a `switchboard` command printed: standard output, standard error, and both in order. */
export interface CliRun {
  code: number;
  out: string;
  err: string;
  text: string;
}

/** Runs a `switchboard` command in this process, capturing what it prints. */
export async function runSwitchboard(...args: string[]): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const both: string[] = [];
  const code = await runCli(
    args,
    (line) => (out.push(line), both.push(line)),
    (line) => (err.push(line), both.push(line)),
  );
  return { code, out: out.join('\n'), err: err.join('\n'), text: both.join('\n') };
}
