/** Where a user's password stands, as their card shows it. */
export type PasswordStatus =
  | { set: true }
  | {
      set: false;
      /** The latest link, unless it was used or replaced. */
      link: { sentAt: Date; deliveredVia: string | null; expiresAt: Date } | null;
    };

/** A user's password status, from their row and their latest link. */
export function passwordStatusOf(
  user: { passwordHash: string | null },
  latest:
    | {
        createdAt: Date;
        deliveredAt: Date | null;
        deliveredVia: string | null;
        expiresAt: Date;
        usedAt: Date | null;
        replacedAt: Date | null;
      }
    | undefined,
): PasswordStatus {
  if (user.passwordHash) return { set: true };
  if (!latest || latest.usedAt || latest.replacedAt) return { set: false, link: null };
  return {
    set: false,
    link: {
      sentAt: latest.deliveredAt ?? latest.createdAt,
      deliveredVia: latest.deliveredVia,
      expiresAt: latest.expiresAt,
    },
  };
}
