/**
 * Whether `id` looks like one of our row ids (a UUID: 36 hex digits and dashes). Checked before
 * an id from outside (a button, a form, a command) reaches a query, where PostgreSQL would refuse
 * anything else with an error rather than find nothing.
 */
export function isUuid(id: string): boolean {
  return /^[0-9a-f-]{36}$/i.test(id);
}
