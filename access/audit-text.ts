/**
 * What the audit keeps of a text, whichever part writes the record (the agent's turns, the bot's
 * stopped questions): secrets redacted first, then capped, so a cut never spares half a secret.
 */
import { redactText } from '#common/redact.ts';
import { AUDIT_DEFAULTS } from '#contracts/audit.ts';

/** The question as asked: trimmed, redacted, at most `maxTextChars` (`…` marks a cut). */
export function auditQuestionText(text: string): string {
  const redacted = redactText(text.trim());
  return redacted.length > AUDIT_DEFAULTS.maxTextChars
    ? `${redacted.slice(0, AUDIT_DEFAULTS.maxTextChars)}…`
    : redacted;
}

/** An error's message: redacted, at most `maxErrorChars`. */
export function auditErrorMessage(message: string): string {
  return redactText(message).slice(0, AUDIT_DEFAULTS.maxErrorChars);
}
