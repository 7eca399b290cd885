import { createHash, randomBytes } from 'node:crypto';

/** A new link token: 256 random bits. Only its hash is stored; the token itself is in the email alone. */
export function newInvitationToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashInvitationToken(token) };
}

/** What a token looks like (43 base64url characters): anything else is no link, and is not looked up. */
export function isTokenShaped(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}

export function hashInvitationToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
