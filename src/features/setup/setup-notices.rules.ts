import type { Person } from '../../core/notices.rules.ts';

/** A user was set up with the wizard: who, where, and what they got. */
export interface UserSetUpNotice {
  type: 'user.set_up';
  audience: 'channel';
  user: { fullName: string; email: string };
  company: string;
  /** What they got, as people read it: "+49 30 1234500", "extension 101", "Executive station", … */
  given: string[];
  by: Person;
}
