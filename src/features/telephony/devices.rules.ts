import type { Checked } from '../../core/users.rules.ts';
import { quote } from '../../core/text.rules.ts';
import { readWholeNumber } from '../../core/words.rules.ts';

/**
 * The kinds of device a user rings on: a VoIP phone (by MAC address), a mobile, an external
 * phone. The same words as the database's `device_kind` (test/core/domain-words.test.ts).
 */
export const DEVICE_KINDS = ['voip', 'mobile', 'external'] as const;
export type DeviceKind = (typeof DEVICE_KINDS)[number];

/**
 * Reads a MAC address as people type it — 00:1A:2B:3C:4D:5E, 00-1a-2b-3c-4d-5e, 001a.2b3c.4d5e or
 * 001A2B3C4D5E — and returns it upper-case and colon-separated. Refuses the all-zero and broadcast
 * addresses and multicast ones, which no phone has.
 */
export function normalizeMac(typed: string): Checked<string> {
  const text = typed.trim();
  const hex = text.replace(/[:.-]/g, '');
  const shaped =
    /^([0-9a-f]{2}([:-]))([0-9a-f]{2}\2){4}[0-9a-f]{2}$|^[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4}$|^[0-9a-f]{12}$/i.test(
      text,
    );
  const refuse = (why: string) => ({ ok: false as const, errors: { mac: `${quote(text)} ${why}` } });
  if (!shaped || !/^[0-9a-f]{12}$/i.test(hex)) {
    return refuse('is not a MAC address: give 12 hex digits, e.g. 00:1A:2B:3C:4D:5E (as on the phone’s label).');
  }
  const upper = hex.toUpperCase();
  if (upper === '000000000000' || upper === 'FFFFFFFFFFFF') return refuse('is not a device’s MAC address.');
  if (parseInt(upper.slice(0, 2), 16) & 1) return refuse('is a multicast address, not a phone’s MAC address.');
  return { ok: true, value: upper.match(/../g)!.join(':') };
}

/** The number of lines a device may have (CallStream's "number of ports"). */
export const MAX_PORTS = 64;

export function checkPorts(typed: string | number | undefined): Checked<number> {
  if (typed === undefined || typed === '') return { ok: true, value: 1 };
  const read = readWholeNumber(String(typed), 'the number of ports', { max: MAX_PORTS });
  return read.ok ? read : { ok: false, errors: { ports: read.message } };
}

/** Devices beyond this many per user cost a monthly fee (sipgate). */
export const FREE_DEVICES = 2;

/** What a user's devices cost a month beyond the free ones, in cents. */
export function monthlyDeviceFeeCents(devices: number, feeCents: number): number {
  return Math.max(0, devices - FREE_DEVICES) * feeCents;
}

export function formatEuros(cents: number): string {
  return `€${(cents / 100).toFixed(2)}`;
}
