import { formatDuration } from 'date-fns/formatDuration';
import { characterCount, quote } from './text.rules.ts';
import type { Checked } from './users.rules.ts';

/** The longest duration a field takes as typed ("3 weeks"): the form's `max_length` reads it. */
export const MAX_DURATION_LENGTH = 30;

const UNITS: [RegExp, number][] = [
  [/^(m|min|mins|minute|minutes)$/, 1],
  [/^(h|hr|hrs|hour|hours)$/, 60],
  [/^(d|day|days)$/, 60 * 24],
  [/^(w|wk|wks|week|weeks)$/, 60 * 24 * 7],
];
const MAX_MINUTES = 60 * 24 * 365;

/** Reads a duration as people type it: "8 hours", "8h", "7 days", "90 min", "2 weeks". In minutes. */
export function parseDuration(text: string): Checked<number> {
  if (characterCount(text.trim()) > MAX_DURATION_LENGTH) {
    return {
      ok: false,
      errors: { duration: `A duration has at most ${MAX_DURATION_LENGTH} characters, e.g. 8 hours.` },
    };
  }
  const match = /^(\d+)\s*([a-z]+)$/i.exec(text.trim());
  const unit = match && UNITS.find(([pattern]) => pattern.test(match[2]!.toLowerCase()));
  const minutes = match && unit ? Number(match[1]) * unit[1] : NaN;
  if (!Number.isFinite(minutes) || minutes < 1 || minutes > MAX_MINUTES) {
    // A number with a unit that is out of range is a duration, just too short or too long.
    const what = !Number.isFinite(minutes) ? 'is not a duration' : minutes < 1 ? 'is too short' : 'is too long';
    return {
      ok: false,
      errors: {
        duration: `${quote(text)} ${what}. Write it like 8 hours, 90 minutes, 7 days or 2 weeks (at most a year).`,
      },
    };
  }
  return { ok: true, value: minutes };
}

/** "1 day 2 hours" for 1560. */
export function describeMinutes(minutes: number): string {
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  return formatDuration({ days, hours, minutes: minutes % 60 }) || '0 minutes';
}
