/** The guard's answer: allowed, or refused with a reason the user can read. */
export type GuardDecision = { readonly allowed: true } | { readonly allowed: false; readonly reason: string };

export const ALLOWED: GuardDecision = { allowed: true };

export function refuse(reason: string): GuardDecision {
  return { allowed: false, reason };
}
