import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { characterCount, quote } from './text.rules.ts';

/** The longest phone number a field takes as typed (spaces, brackets, dashes and all): forms declare it. */
export const MAX_PHONE_LENGTH = 40;

type PhoneResult = { ok: true; e164: string } | { ok: false; message: string };

/**
 * Reads a phone number as a person types it ("+1 415 555 0100", "(415) 555-0100") and returns it
 * in E.164. Numbers without a leading + are read in `defaultRegion`.
 */
export function toE164(input: string, defaultRegion: string): PhoneResult {
  const text = input.trim();
  if (characterCount(text) > MAX_PHONE_LENGTH) {
    return { ok: false, message: `A phone number has at most ${MAX_PHONE_LENGTH} characters.` };
  }
  const number = parsePhoneNumberFromString(text, defaultRegion as CountryCode);
  if (!number || !number.isValid()) {
    return {
      ok: false,
      message: `${quote(text)} is not a valid phone number. Use international format such as +1 415 555 0100, or a ${defaultRegion} number.`,
    };
  }
  return { ok: true, e164: number.number };
}

/**
 * A stored (E.164) number as people read it, in international format: "+49 30 1234500". What the
 * library can't read (an old value, a number of a plan it doesn't know) is shown as stored.
 */
export function formatPhone(e164: string): string {
  const number = parsePhoneNumberFromString(e164);
  return number ? number.formatInternational() : e164;
}

/** `formatPhone` for a number that may be absent. */
export function formatOptionalPhone(e164: string | null | undefined): string | null {
  return e164 ? formatPhone(e164) : null;
}
