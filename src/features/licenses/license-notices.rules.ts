import type { Person } from '../../core/notices.rules.ts';

/** Seats were added to a company, or a user got or lost a seat. */
export interface LicenseNotice {
  type: 'licenses.added' | 'license.assigned' | 'license.revoked';
  audience: 'channel';
  product: string;
  company: string;
  /** For seats added: how many, and the company's total after. */
  seats?: { added: number; total: number };
  user?: { fullName: string; email: string };
  /** The product is a station package (Basic, Executive), not a license. */
  station?: boolean;
  by: Person;
}
