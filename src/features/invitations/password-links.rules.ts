/** Where a user's password stands, as their card shows it. */
export type PasswordStatus =
  | { set: true }
  | {
      set: false;
      /** The latest link, unless it was used or replaced. */
      link: {
        /** When it went out; null while it is on its way. */
        sentAt: Date | null;
        deliveredVia: string | null;
        expiresAt: Date;
        expired: boolean;
      } | null;
    };

/** A user's password status, from their row and their latest link, at `now`. */
export function passwordStatusOf(
  user: { passwordHash: string | null },
  latest:
    | {
        deliveredAt: Date | null;
        deliveredVia: string | null;
        expiresAt: Date;
        usedAt: Date | null;
        replacedAt: Date | null;
      }
    | undefined,
  now = new Date(),
): PasswordStatus {
  if (user.passwordHash) return { set: true };
  if (!latest || latest.usedAt || latest.replacedAt) return { set: false, link: null };
  return {
    set: false,
    link: {
      sentAt: latest.deliveredAt,
      deliveredVia: latest.deliveredAt ? latest.deliveredVia : null,
      expiresAt: latest.expiresAt,
      expired: latest.expiresAt <= now,
    },
  };
}
