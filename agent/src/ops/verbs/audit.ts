/**
 * `/ops audit <account | @user> [window]`: what CentralOps did in an account, or what a user asked,
 * over the last 24 hours (or the window given), newest first, from the audit table. For members of
 * `ops-admins` only: anyone else is refused, and the refusal is audited like any other.
 */
import { OPS_ADMINS_GROUP } from '#access/groups.ts';
import type { AuditAccountItem, AuditQuestionItem } from '#contracts/audit.ts';
import { chatUserKey } from '#contracts/audit.ts';
import { accountLabel } from '#contracts/registry.ts';
import { resolveTarget } from '../../accounts.ts';
import { FORBIDDEN_CODE } from '../../audit/question-trail.ts';
import { type OpsVerb, type Turn, usage } from '../verb.ts';
import { parseWindow } from '../words.ts';

/** Lines shown per answer: a phone screen's worth. */
const SHOWN = 15;
const DAY_MS = 86_400_000;

export type AuditSubject =
  | { readonly kind: 'account'; readonly target: string }
  /** A Cognito username (`@alice`). */
  | { readonly kind: 'user'; readonly username: string }
  /** A chat mention (`<@U0ALICE>`), read in the asking workspace. */
  | { readonly kind: 'chatUser'; readonly chatUserId: string };

export interface AuditPlan {
  readonly kind: 'audit';
  readonly subject: AuditSubject;
  readonly window: { readonly label: string; readonly ms: number };
}

const MENTION = /^<@([a-z0-9]+)(?:\|[^>]*)?>$/;
const USERNAME = /^@([a-z0-9._+-]{1,128})$/;

function subjectOf(word: string): AuditSubject {
  const mention = MENTION.exec(word);
  // Slack user ids are upper case; the command line arrives lower-cased.
  if (mention?.[1]) return { kind: 'chatUser', chatUserId: mention[1].toUpperCase() };
  const username = USERNAME.exec(word);
  if (username?.[1]) return { kind: 'user', username: username[1] };
  return { kind: 'account', target: word };
}

export const audit: OpsVerb<'audit', AuditPlan> = {
  name: 'audit',
  usage: '/ops audit <account | @user> [24h]',
  summary: 'what CentralOps did in an account, or what a user asked (ops-admins only)',

  plan(words) {
    const [subject, windowWord, ...rest] = words;
    if (subject === undefined) return usage('Name an account or a @user.', audit);
    if (rest.length > 0) return usage(`Unexpected "${rest.join(' ')}".`, audit);
    const window = windowWord === undefined ? { label: '24h', ms: DAY_MS } : parseWindow(windowWord);
    if (!window) return usage(`"${windowWord}" is not a window such as 30m, 24h or 7d.`, audit);
    return { kind: 'audit', subject: subjectOf(subject), window };
  },

  async *run(plan, turn) {
    if (!turn.user.groups.includes(OPS_ADMINS_GROUP)) {
      turn.answer.summary = 'Refused: the audit is for ops-admins.';
      yield {
        type: 'error',
        code: FORBIDDEN_CODE,
        message: `Only members of ${OPS_ADMINS_GROUP} may read the audit.`,
      };
      return;
    }
    if (!turn.auditStore) {
      turn.answer.summary = 'No audit store configured.';
      yield { type: 'error', code: 'unavailable', message: 'The audit table is not configured here.' };
      return;
    }
    const to = new Date(turn.now());
    const range = { from: new Date(to.getTime() - plan.window.ms).toISOString(), to: to.toISOString() };
    const { subject } = plan;
    if (subject.kind === 'account') {
      yield* accountAudit(turn, subject.target, range, plan.window.label);
      return;
    }
    const { platform, workspace } = turn.request.conversation;
    const who = subject.kind === 'user' ? `@${subject.username}` : `<@${subject.chatUserId}>`;
    const items =
      subject.kind === 'user'
        ? await turn.auditStore.forUser(subject.username, { ...range, limit: SHOWN + 1 })
        : await turn.auditStore.forChatUser(chatUserKey(platform, workspace, subject.chatUserId), {
            ...range,
            limit: SHOWN + 1,
          });
    turn.answer.summary = `${who}: ${count(items.length)} in the last ${plan.window.label}`;
    yield {
      type: 'text',
      delta: [`*Audit of ${turn.answer.summary}*`, ...lines(items, questionLine)].join('\n'),
    };
  },
};

async function* accountAudit(turn: Turn, target: string, range: { from: string; to: string }, label: string) {
  const { registry } = await turn.scope();
  const resolution = resolveTarget(target, registry);
  if (resolution.kind !== 'accounts') {
    turn.answer.summary = 'Unknown account';
    yield { type: 'text' as const, delta: resolution.message };
    return;
  }
  const store = turn.auditStore!;
  const perAccount = await Promise.all(
    resolution.accounts.map((account) => store.forAccount(account.id, { ...range, limit: SHOWN + 1 })),
  );
  const items = perAccount.flat().sort((a, b) => b.sk.localeCompare(a.sk));
  const named = resolution.accounts.length === 1 ? accountLabel(resolution.accounts[0]!) : resolution.label;
  turn.answer.summary = `${named}: ${count(items.length)} in the last ${label}`;
  yield {
    type: 'text' as const,
    delta: [`*Audit of ${turn.answer.summary}*`, ...lines(items, accountLine)].join('\n'),
  };
}

function count(found: number): string {
  const shown = Math.min(found, SHOWN);
  return `${found > SHOWN ? `the latest ${shown}` : shown} question${shown === 1 ? '' : 's'}`;
}

function lines<T>(items: readonly T[], line: (item: T) => string): string[] {
  return items.length === 0 ? ['Nothing recorded.'] : items.slice(0, SHOWN).map(line);
}

function when(at: string): string {
  return `${at.slice(5, 10)} ${at.slice(11, 16)} UTC`;
}

/**
 * A recorded question, shown as inline code in another channel than the one it was asked in: as
 * typed, except what could leave the code span or make the chat act (a backtick, Slack's `<!channel>`
 * or `<@U…>`, an HTML tag in Teams, a line break), replaced by look-alikes.
 */
function quoted(text: string): string {
  const inert = text.replace(/`/g, 'ˋ').replace(/</g, '‹').replace(/>/g, '›').replace(/\s+/g, ' ');
  return `\`${inert}\``;
}

function accountLine(item: AuditAccountItem): string {
  const { account } = item;
  const outcome = account.outcome === 'ok' ? 'ok' : `${account.outcome} (${account.code ?? '?'})`;
  return [
    `• ${when(item.at)}`,
    item.askedBy ?? item.chatUserId ?? 'unknown user',
    `${item.platform} ${item.channel}`,
    quoted(item.text),
    `${outcome}${account.regions.length ? ` in ${account.regions.join(', ')}` : ''}`,
    ...(item.calls.length ? [item.calls.join(', ')] : []),
    ...(item.traceId ? [`trace ${item.traceId}`] : []),
  ].join(' · ');
}

function questionLine(item: AuditQuestionItem): string {
  const outcome =
    item.outcome === 'refused'
      ? `refused (${item.reason ?? '?'})`
      : item.outcome === 'failed'
        ? `failed in ${item.failedAt ?? '?'}`
        : 'answered';
  return [
    `• ${when(item.at)}`,
    `${item.where.platform} ${item.where.channel}`,
    quoted(item.what.text),
    outcome,
    ...(item.accounts.length
      ? [`${item.accounts.length} account${item.accounts.length === 1 ? '' : 's'}`]
      : []),
    ...(item.traceId ? [`trace ${item.traceId}`] : []),
  ].join(' · ');
}
