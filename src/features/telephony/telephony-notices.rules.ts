import type { Person } from '../../core/notices.rules.ts';

/** Numbers added to a pool; a number or device given to a user or taken back. */
export interface TelephonyNotice {
  type:
    | 'numbers.added'
    | 'number.assigned'
    | 'number.unassigned'
    | 'device.added'
    | 'device.assigned'
    | 'device.unassigned';
  audience: 'channel';
  /** The numbers or the device, as people read them. */
  what: string;
  company: string;
  user?: { fullName: string; email: string };
  by: Person;
}
