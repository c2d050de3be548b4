/**
 * The `/ops` command line, read the same way by every chat adapter and by the agent: the command
 * word (typed as text where a platform has no slash commands), a trailing `private`, the words, and
 * the verbs the bot answers itself (identity: it must answer users the agent cannot know yet).
 * Each verb's own arguments are read by the verb (agent/src/ops/verbs/, bot/src/identity/).
 */

/** The one slash command (bot/slack/manifest.json); Teams users type it as text. */
export const OPS_COMMAND = '/ops';

const COMMAND = /^\/ops(?:\s+|$)/i;
const TYPED_COMMAND = /^\/?ops(?:\s+|$)/i;

/**
 * The words after the command in `/ops prod s3` (`prod s3`); undefined when the text is not a
 * command. `slashOptional`: also `ops prod s3`, where the platform has no slash commands (Teams).
 */
export function opsCommandText(
  text: string,
  { slashOptional = false }: { readonly slashOptional?: boolean } = {},
): string | undefined {
  const trimmed = text.trim();
  const match = (slashOptional ? TYPED_COMMAND : COMMAND).exec(trimmed);
  return match ? trimmed.slice(match[0].length) : undefined;
}

export interface QuestionText {
  /** The question without the `private` flag. */
  readonly text: string;
  readonly private: boolean;
}

/**
 * Verbs answered to the asker only, wherever asked: `/ops audit` shows questions asked in other
 * channels (and DMs), which the members of this one may not read.
 */
export const PRIVATE_VERBS: ReadonlySet<string> = new Set(['audit']);

/**
 * `prod s3 private` → `{ text: 'prod s3', private: true }`: the answer goes to the asker only, as
 * it does for a private verb (`audit prod`, `/ops audit prod`).
 */
export function parseQuestionText(raw: string): QuestionText {
  const words = raw.trim().split(/\s+/).filter(Boolean);
  const isPrivate = words.at(-1)?.toLowerCase() === 'private';
  const verb = opsWords(opsCommandText(raw) ?? raw)[0];
  return {
    text: (isPrivate ? words.slice(0, -1) : words).join(' '),
    private: isPrivate || (verb !== undefined && PRIVATE_VERBS.has(verb)),
  };
}

/** A command's words, lower case. */
export function opsWords(text: string): string[] {
  return text.trim().toLowerCase().split(/\s+/).filter(Boolean);
}

/** The verbs the bot answers itself, before the agent: who the asker is in CentralOps. */
export const IDENTITY_VERBS = {
  link: { usage: '/ops link', summary: 'link your chat account to your CentralOps user (you sign in once)' },
  whoami: { usage: '/ops whoami', summary: 'the CentralOps user and groups you ask as' },
  unlink: { usage: '/ops unlink', summary: 'forget the link between this chat account and your user' },
} as const;

export type IdentityVerb = keyof typeof IDENTITY_VERBS;

/** The identity verb when the text is exactly one of them (with or without `/ops`), else undefined. */
export function identityVerbOf(text: string): IdentityVerb | undefined {
  const words = opsWords(opsCommandText(text) ?? text);
  const [word] = words;
  return words.length === 1 && word !== undefined && Object.hasOwn(IDENTITY_VERBS, word)
    ? (word as IdentityVerb)
    : undefined;
}
