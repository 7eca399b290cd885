import type { Checked } from '../../core/users.rules.ts';
import { quote } from '../../core/text.rules.ts';

/** How long a company's extensions are: digits only, from `min` to `max`. */
export interface ExtensionPolicy {
  min: number;
  max: number;
}

export const MAX_EXTENSION_DIGITS = 10;

export function checkExtension(typed: string, policy: ExtensionPolicy): Checked<string> {
  const extension = typed.trim();
  if (!/^\d+$/.test(extension) || extension.length < policy.min || extension.length > policy.max) {
    return {
      ok: false,
      errors: {
        extension: `An extension here is ${policy.min} to ${policy.max} digits, e.g. ${'1'.padEnd(policy.min, '0')}; ${quote(extension)} is not.`,
      },
    };
  }
  return { ok: true, value: extension };
}

/** The lowest free extension of the shortest allowed length (then longer ones), or none. */
export function nextFreeExtension(taken: ReadonlySet<string>, policy: ExtensionPolicy): string | undefined {
  for (let digits = policy.min; digits <= policy.max; digits++) {
    const first = digits === 1 ? 1 : 10 ** (digits - 1);
    for (let n = first; n < 10 ** digits; n++) {
      if (!taken.has(String(n))) return String(n);
    }
  }
  return undefined;
}

export function checkPolicy(min: number, max: number): Checked<ExtensionPolicy> {
  if (!Number.isInteger(min) || !Number.isInteger(max) || min < 1 || max > MAX_EXTENSION_DIGITS || min > max) {
    return {
      ok: false,
      errors: {
        policy: `Give the shortest and longest length as whole numbers, 1 ≤ shortest ≤ longest ≤ ${MAX_EXTENSION_DIGITS}.`,
      },
    };
  }
  return { ok: true, value: { min, max } };
}
