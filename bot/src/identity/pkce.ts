/** PKCE (RFC 7636) S256: a random verifier kept server-side, its challenge sent to the Hosted UI. */
import { createHash, randomBytes } from 'node:crypto';

export function createCodeVerifier(): string {
  return randomBytes(32).toString('base64url');
}

export function codeChallengeS256(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}
