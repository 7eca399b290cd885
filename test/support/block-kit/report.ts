// The plumbing of the Block Kit checker: a report that collects problems in Slack's format, and
// small checks of one field (a string, a list, an enum...) that report at the right json-pointer.

export type Json = Record<string, unknown>;

/** Problems found in one payload, plus what a rule needs to see across the whole payload. */
export class Report {
  readonly problems: string[] = [];
  readonly blockIds = new Set<string>();
  readonly focused: string[] = [];
  markdownChars = 0;

  add(pointer: string, what: string): void {
    this.problems.push(`[ERROR] ${what} [json-pointer:${pointer}]`);
  }
}

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Slack counts characters as Unicode code points, not UTF-16 units. */
export function chars(text: string): number {
  return [...text].length;
}

/** The json-pointer of `key` inside `pointer` (RFC 6901: ~ and / are escaped). */
export function at(pointer: string, key: string | number): string {
  return `${pointer}/${String(key).replaceAll('~', '~0').replaceAll('/', '~1')}`;
}

/** Deep equality of JSON values, whatever the order of keys. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a).filter((key) => a[key] !== undefined);
    const otherKeys = Object.keys(b).filter((key) => b[key] !== undefined);
    return keys.length === otherKeys.length && keys.every((key) => sameJson(a[key], b[key]));
  }
  return a === b;
}

export interface Bounds {
  min?: number;
  max?: number;
}

export function checkString(r: Report, value: unknown, pointer: string, { min, max }: Bounds = {}): void {
  if (typeof value !== 'string') return r.add(pointer, 'must be a string');
  const length = chars(value);
  if (min !== undefined && length < min) r.add(pointer, `must be more than ${min - 1} characters (got ${length})`);
  if (max !== undefined && length > max) r.add(pointer, `must be less than ${max + 1} characters (got ${length})`);
}

export function checkList(
  r: Report,
  value: unknown,
  pointer: string,
  { min, max }: Bounds,
  each?: (item: unknown, pointer: string) => void,
): void {
  if (!Array.isArray(value)) return r.add(pointer, 'must provide an array');
  if (min !== undefined && value.length < min)
    r.add(pointer, `must provide at least ${min} items (got ${value.length})`);
  if (max !== undefined && value.length > max)
    r.add(pointer, `no more than ${max} items allowed (got ${value.length})`);
  if (each) value.forEach((item, index) => each(item, at(pointer, index)));
}

export function checkInteger(r: Report, value: unknown, pointer: string, { min, max }: Bounds = {}): void {
  if (typeof value !== 'number' || !Number.isInteger(value)) return r.add(pointer, 'must be an integer');
  if (min !== undefined && value < min) r.add(pointer, `must be at least ${min} (got ${value})`);
  if (max !== undefined && value > max) r.add(pointer, `must be at most ${max} (got ${value})`);
}

export function checkEnum(r: Report, value: unknown, pointer: string, allowed: readonly string[]): void {
  if (typeof value !== 'string' || !allowed.includes(value)) {
    r.add(pointer, `must be one of ${allowed.join(', ')} (got ${JSON.stringify(value)})`);
  }
}

/** The fields of one object: each method checks one field when it is there (or reports it missing). */
export class Fields {
  constructor(
    readonly r: Report,
    readonly object: Json,
    readonly pointer: string,
  ) {}

  /** Runs `check` on the field when it is given; reports it (at its own pointer) when required and missing. */
  field(key: string, required: boolean, check: (value: unknown, pointer: string) => void): void {
    const value = this.object[key];
    if (value === undefined) {
      if (required) this.r.add(at(this.pointer, key), `missing required field: ${key}`);
      return;
    }
    check(value, at(this.pointer, key));
  }

  string(key: string, bounds: Bounds & { required?: boolean } = {}): void {
    this.field(key, bounds.required ?? false, (value, pointer) => checkString(this.r, value, pointer, bounds));
  }

  list(key: string, bounds: Bounds & { required?: boolean }, each?: (item: unknown, pointer: string) => void): void {
    this.field(key, bounds.required ?? false, (value, pointer) => checkList(this.r, value, pointer, bounds, each));
  }

  integer(key: string, bounds: Bounds & { required?: boolean } = {}): void {
    this.field(key, bounds.required ?? false, (value, pointer) => checkInteger(this.r, value, pointer, bounds));
  }

  enum(key: string, allowed: readonly string[], required = false): void {
    this.field(key, required, (value, pointer) => checkEnum(this.r, value, pointer, allowed));
  }

  boolean(key: string, required = false): void {
    this.field(key, required, (value, pointer) => {
      if (typeof value !== 'boolean') this.r.add(pointer, 'must be a boolean');
    });
  }

  /** When the field is given, `ok(value)` must hold, else it is reported as `what`. */
  must(key: string, ok: (value: unknown) => boolean, what: string, required = false): void {
    this.field(key, required, (value, pointer) => {
      if (!ok(value)) this.r.add(pointer, what);
    });
  }

  /** Reports the field as not allowed here when it is given. */
  forbid(key: string, why: string): void {
    if (this.object[key] !== undefined) this.r.add(at(this.pointer, key), why);
  }
}
