import type { Person } from '../../core/notices.rules.ts';

/** The notices of the companies slice: what it announces, as data (core/notices.rules.ts). */
export type CompaniesNotice = CompanyNotice | LocationNotice;

/** A customer company was created or renamed. */
export interface CompanyNotice {
  type: 'organization.created' | 'organization.renamed';
  audience: 'channel';
  /** The path of the company, e.g. "Reseller › Customer". */
  path: string;
  previousName?: string;
  by: Person;
}

/** A location was added, changed or removed, or a user moved to one. */
export interface LocationNotice {
  type: 'location.added' | 'location.changed' | 'location.removed' | 'location.assigned';
  audience: 'channel';
  location: string;
  company: string;
  user?: { fullName: string; email: string };
  by: Person;
}
