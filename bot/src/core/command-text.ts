/**
 * Reads the words of a question the same way on every platform: a trailing `private` asks for an
 * answer only the asker sees, and `link` / `whoami` / `unlink` alone are identity commands.
 */
import type { IdentityCommand } from './ports.ts';

export const IDENTITY_COMMANDS = ['link', 'whoami', 'unlink'] as const satisfies readonly IdentityCommand[];

export interface QuestionText {
  /** The question without the `private` flag. */
  readonly text: string;
  readonly private: boolean;
}

/** `prod s3 private` → `{ text: 'prod s3', private: true }`. */
export function parseQuestionText(raw: string): QuestionText {
  const words = raw.trim().split(/\s+/).filter(Boolean);
  const isPrivate = words.at(-1)?.toLowerCase() === 'private';
  return { text: (isPrivate ? words.slice(0, -1) : words).join(' '), private: isPrivate };
}

/** The identity command when the text is exactly one of them, else undefined. */
export function identityCommandOf(text: string): IdentityCommand | undefined {
  const word = text.trim().toLowerCase();
  return IDENTITY_COMMANDS.find((command) => command === word);
}
