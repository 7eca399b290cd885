import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

type PhoneResult = { ok: true; e164: string } | { ok: false; message: string };

/**
 * Reads a phone number as a person types it ("+1 415 555 0100", "(415) 555-0100") and returns it
 * in E.164. Numbers without a leading + are read in `defaultRegion`.
 */
export function toE164(input: string, defaultRegion: string): PhoneResult {
  const text = input.trim();
  const number = parsePhoneNumberFromString(text, defaultRegion as CountryCode);
  if (!number || !number.isValid()) {
    return {
      ok: false,
      message: `“${text}” is not a valid phone number. Use international format such as +1 415 555 0100, or a ${defaultRegion} number.`,
    };
  }
  return { ok: true, e164: number.number };
}
