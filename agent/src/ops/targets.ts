/**
 * The accounts a targeted verb reads (`/ops <target> changes`): the target, or the channel's
 * default account, resolved against the registry and checked against the user's groups and the
 * channel's policy. When every account is refused, the asker alone reads one line saying what would
 * grant access; otherwise each refused account is named beside the answer. A missing Gateway is
 * said once.
 */
import { authorizeAccounts } from '#access/authorize.ts';
import type { AgentEvent } from '#contracts/agent-events.ts';
import type { Account } from '#contracts/registry.ts';
import { accountRef, resolveTarget } from '../accounts.ts';
import type { ToolGateway } from '../gateway.ts';
import { refusalLine, refusalReason } from './refusals.ts';
import type { Turn } from './verb.ts';

export interface ReadableAccounts {
  /** The accounts to ask: those of the target the user and channel may read. */
  readonly accounts: readonly Account[];
  /** Every account the target named, refused ones included. */
  readonly asked: readonly Account[];
  /** `prod`, `payments-prod`, `all`: how the target reads in a status line. */
  readonly label: string;
  readonly refused: number;
  readonly gateway: ToolGateway;
}

/**
 * Yields the refusals and any reason there is nothing to ask; returns the accounts to ask, or
 * undefined when the answer is already given (turn.answer.summary set).
 * @param what the answer's subject, e.g. `Changes`
 * @param example how to add a target, e.g. `/ops prod changes`
 */
export async function* readableAccounts(
  turn: Turn,
  target: string | undefined,
  what: string,
  example: string,
): AsyncGenerator<AgentEvent, ReadableAccounts | undefined> {
  const { answer } = turn;
  const { registry, policy } = await turn.scope();
  const chosen = target ?? policy?.defaultAccount;
  if (!chosen) {
    answer.summary = 'Which account?';
    yield { type: 'text', delta: `Which account? Add a target, e.g. ${example}.` };
    return undefined;
  }
  const resolution = resolveTarget(chosen, registry);
  if (resolution.kind !== 'accounts') {
    answer.summary = resolution.kind === 'ambiguous' ? 'Which account?' : 'Unknown account';
    yield { type: 'text', delta: resolution.message };
    return undefined;
  }
  const { allowed, refused } = authorizeAccounts({
    groups: turn.user.groups,
    channelPolicy: policy,
    accounts: resolution.accounts,
  });
  if (allowed.length === 0) {
    // A refusal is the asker's alone: one line, naming what would grant access.
    answer.summary = `${what}: refused.`;
    yield { type: 'private', reason: 'refusal' };
    yield {
      type: 'error',
      code: 'unauthorized',
      message: refusalLine(refused, policy),
      refused: refused.map((refusal) => accountRef(refusal.account)),
    };
    return undefined;
  }
  for (const refusal of refused) {
    yield {
      type: 'error',
      account: accountRef(refusal.account),
      code: 'unauthorized',
      message: refusalReason(refusal, policy),
    };
  }
  if (!turn.gateway) {
    answer.summary = `${what}: no Gateway configured (GATEWAY_URL).`;
    yield {
      type: 'error',
      code: 'unavailable',
      message: 'The tool Gateway is not configured (GATEWAY_URL), so nothing can be queried.',
    };
    return undefined;
  }
  return {
    accounts: allowed,
    asked: resolution.accounts,
    label: resolution.label,
    refused: refused.length,
    gateway: turn.gateway,
  };
}

/** `3 prod accounts`, `1 account`, `50 accounts`. */
export function accountsPhrase(count: number, label: string): string {
  const scope = label === 'all' ? '' : ` ${label}`;
  return `${count}${scope} account${count === 1 ? '' : 's'}`;
}
