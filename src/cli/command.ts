import { parseArgs, type ParseArgsConfig } from 'node:util';

export interface CliCommand {
  summary: string;
  usage: string;
  /** Returns the exit code. */
  run(args: string[], out: (line: string) => void): Promise<number>;
}

/** The command line itself is wrong (unknown option, missing value). */
export class UsageError extends Error {}

/** parseArgs, with its errors turned into a UsageError a person can act on. */
export function parseOptions<T extends NonNullable<ParseArgsConfig['options']>>(
  args: string[],
  options: T,
  allowPositionals = false,
) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
