/**
 * The audit record: one per question and one per button tap, whoever stops or answers it. It says
 * who asked (chat user, Cognito user), where (platform, workspace, channel, thread), what (the
 * question, redacted, or the action), which accounts and regions were read with which calls
 * (`service.Operation` only, never a parameter), the outcome (answered, refused and why, failed and
 * where), the durations and the trace id. It is written once: as one structured log line and as
 * items of the audit table (tables.ts `audit`), keyed for the two questions an auditor asks.
 */
import { createHash } from 'node:crypto';
import type { Conversation } from './agent-events.ts';

export const AUDIT_DEFAULTS = {
  /** How long a record is kept (AUDIT_TTL_DAYS). */
  ttlDays: 400,
  /** The question's text is kept to this many characters. */
  maxTextChars: 300,
  /** A failure's message is kept to this many characters. */
  maxErrorChars: 300,
  /**
   * How long the agent waits before storing a record (its log line is written at once): the
   * answer's last bytes go out first.
   */
  storeAfterMs: 250,
} as const;

export type AuditOutcome = 'answered' | 'refused' | 'failed';

/**
 * Why a question was refused: `group` (no group grants the account), `channel` (the channel's
 * policy), `guard` (the bridge refused the call as not provably read-only, or the account as not
 * registered), `identity` (no runtime user, unlinked or disabled user), `workspace` (not on the
 * allow-list), `admin` (an admin verb asked by a non-admin), `input` (too long, malformed).
 */
export type RefusalReason = 'group' | 'channel' | 'guard' | 'identity' | 'workspace' | 'admin' | 'input';

/** Where a question failed: the part that could not do its job. */
export type FailedPart = 'bot' | 'runtime' | 'agent' | 'gateway' | 'bridge' | 'model' | 'chat';

export interface AuditAccount {
  readonly id: string;
  readonly name: string;
  readonly environment: string;
  readonly regions: readonly string[];
  /** `ok` (answered), `refused`, `failed`. */
  readonly outcome: 'ok' | 'refused' | 'failed';
  /** The refusal reason, or the failure's error code (`timeout`, `assume_role_failed`, …). */
  readonly code?: string;
}

export interface AuditRecord {
  readonly questionId: string;
  readonly kind: 'question' | 'action';
  /** When the question reached CentralOps (ISO 8601, UTC). */
  readonly at: string;
  /** The X-Ray trace id (`1-xxxxxxxx-…`) shared by every part's log lines for this question. */
  readonly traceId?: string;
  readonly who: {
    readonly chatUserId?: string;
    readonly cognitoUsername?: string;
    readonly cognitoSub?: string;
  };
  readonly where: {
    readonly platform: Conversation['platform'];
    readonly workspace: string;
    readonly channel: string;
    readonly thread: string;
  };
  readonly what: {
    /** The question (secrets redacted, capped), or the action's name for a tap. */
    readonly text: string;
    /** The `/ops` verb, `model` for free text, an identity verb, `action` for a tap that asked nothing. */
    readonly verb: string;
    /** The button tapped, for a tap (`kind: 'action'`). */
    readonly action?: string;
  };
  readonly accounts: readonly AuditAccount[];
  /** Every AWS call made, as `service.Operation` (never its parameters), without repeats. */
  readonly calls: readonly string[];
  readonly outcome: AuditOutcome;
  readonly reason?: RefusalReason;
  readonly failedAt?: FailedPart;
  /** The error's code, and its message (redacted) when it failed. */
  readonly error?: { readonly code: string; readonly message: string };
  readonly durations: {
    readonly totalMs: number;
    /** Until the first text, result or error reached the asker. */
    readonly firstTextMs?: number;
  };
  /** Which part wrote it: the agent for the questions it answers, the bot for the ones it stops. */
  readonly recordedBy: 'agent' | 'bot';
}

/** A question's id: stable for one chat delivery, so a re-delivery can never make a second record. */
export function questionIdFor(platform: string, workspace: string, eventId: string): string {
  return createHash('sha256')
    .update([platform, workspace, eventId].join('\u0000'))
    .digest('hex')
    .slice(0, 32);
}

/** The chat user as the audit indexes them: `<platform>#<workspace>#<user id>`. */
export function chatUserKey(platform: string, workspace: string, chatUserId: string): string {
  return `${platform}#${workspace}#${chatUserId}`;
}

/** The keys of the audit table's items (tables.ts `audit`). */
export const AUDIT_KEYS = {
  question: (questionId: string) => ({ pk: `q#${questionId}`, sk: 'question' }),
  /** Sorted by time then question: a time range is a `BETWEEN` on the sort key. */
  account: (accountId: string, at: string, questionId: string) => ({
    pk: `a#${accountId}`,
    sk: `${at}#${questionId}`,
  }),
  accountPartition: (accountId: string) => `a#${accountId}`,
} as const;

/** One account's slice of a question: everything `/ops audit <account>` shows, without a second read. */
export interface AuditAccountItem {
  readonly pk: string;
  readonly sk: string;
  readonly questionId: string;
  readonly at: string;
  readonly askedBy?: string;
  readonly chatUserId?: string;
  readonly platform: string;
  readonly channel: string;
  readonly verb: string;
  readonly text: string;
  readonly account: AuditAccount;
  readonly calls: readonly string[];
  readonly traceId?: string;
  readonly expiresAt: number;
}

/** The question's own item: the whole record, plus the sparse index keys and the expiry. */
export type AuditQuestionItem = AuditRecord & {
  readonly pk: string;
  readonly sk: string;
  /** `by-user` partition: the Cognito username (absent for a user CentralOps could not identify). */
  readonly user?: string;
  /** `by-chat-user` partition (chatUserKey). */
  readonly chatUser?: string;
  readonly expiresAt: number;
};

/** The items one record is stored as: its own, and one per account it touched. */
export function auditItems(
  record: AuditRecord,
  ttlDays: number = AUDIT_DEFAULTS.ttlDays,
): { readonly question: AuditQuestionItem; readonly accounts: AuditAccountItem[] } {
  const expiresAt = Math.floor(Date.parse(record.at) / 1000) + Math.round(ttlDays * 86_400);
  const { who, where } = record;
  const question: AuditQuestionItem = {
    ...record,
    ...AUDIT_KEYS.question(record.questionId),
    ...(who.cognitoUsername ? { user: who.cognitoUsername } : {}),
    ...(who.chatUserId ? { chatUser: chatUserKey(where.platform, where.workspace, who.chatUserId) } : {}),
    expiresAt,
  };
  const accounts = record.accounts.map(
    (account): AuditAccountItem => ({
      ...AUDIT_KEYS.account(account.id, record.at, record.questionId),
      questionId: record.questionId,
      at: record.at,
      ...(who.cognitoUsername ? { askedBy: who.cognitoUsername } : {}),
      ...(who.chatUserId ? { chatUserId: who.chatUserId } : {}),
      platform: where.platform,
      channel: where.channel,
      verb: record.what.verb,
      text: record.what.text,
      account,
      calls: record.calls,
      ...(record.traceId ? { traceId: record.traceId } : {}),
      expiresAt,
    }),
  );
  return { question, accounts };
}
