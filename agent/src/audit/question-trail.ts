/**
 * What one turn did, gathered as it runs, for its audit record and its metrics: the verb, who asked,
 * the events streamed, and every Gateway call (the calls' `service.Operation`, never their params;
 * each account's answer, refusal or failure, and which part failed). The turn's code hardly knows
 * about it: the trail watches the events the turn yields and wraps the Gateway the turn is given.
 */
import { auditErrorMessage, auditQuestionText } from '#access/audit-text.ts';
import { authorizeAccounts } from '#access/authorize.ts';
import type { DirectoryUser } from '#access/user-directory.ts';
import type { AgentEvent, AgentRequest } from '#contracts/agent-events.ts';
import type { AuditAccount, AuditRecord, FailedPart, RefusalReason } from '#contracts/audit.ts';
import { record } from '#contracts/aws-mcp-result.ts';
import type { Account } from '#contracts/registry.ts';
import type { TraceContext } from '#contracts/trace.ts';
import type { ToolGateway } from '../gateway.ts';
import type { Scope } from '../ops/verb.ts';
import { bridgeEntries, bridgeError } from '../tool-results.ts';
import type { TraceSpan } from '../tracing.ts';

/** The error event code an admin-only verb answers a non-admin with. */
export const FORBIDDEN_CODE = 'forbidden';

interface AccountTrail {
  readonly id: string;
  readonly regions: Set<string>;
  outcome: AuditAccount['outcome'];
  code?: string;
}

interface Failure {
  readonly part: FailedPart;
  readonly code: string;
  readonly message: string;
}

export interface QuestionTrailOptions {
  readonly questionId: string;
  readonly request: AgentRequest | undefined;
  readonly runtimeUserId: string | undefined;
  readonly trace: TraceContext;
  /** When the question reached CentralOps: the bot's `receivedAt`, else the turn's start. */
  readonly receivedAt: number;
  readonly now: () => number;
}

export class QuestionTrail {
  readonly #options: QuestionTrailOptions;
  readonly #started: number;
  /** The `/ops` verb, `model` or `usage` once planned; `unknown` for a turn that never got so far. */
  verb = 'unknown';
  #user: DirectoryUser | undefined;
  #scope: Scope | undefined;
  #firstEventAt: number | undefined;
  #finishedAt: number | undefined;
  #answered = 0;
  readonly #calls = new Set<string>();
  readonly #accounts = new Map<string, AccountTrail>();
  /** Agent-side refusals (`unauthorized` events): their rule is read once the scope is known. */
  readonly #refusedIds: string[] = [];
  readonly #refusals: RefusalReason[] = [];
  readonly #failures: Failure[] = [];
  readonly #fanOutFailures: string[] = [];

  constructor(options: QuestionTrailOptions) {
    this.#options = options;
    this.#started = options.now();
  }

  get traceId(): string {
    return this.#options.trace.traceId;
  }

  /** Who asks, once Cognito said so, and what their authorization starts from. */
  identified(user: DirectoryUser, scope: () => Promise<Scope>): void {
    this.#user = user;
    // Resolved before any verb can refuse an account: the verbs await the same promise first.
    void scope().then(
      (value) => {
        this.#scope = value;
      },
      () => undefined,
    );
  }

  /** The model could not be reached, or failed mid-answer. */
  modelFailed(error: Error): void {
    this.#failures.push({ part: 'model', code: error.name, message: error.message });
  }

  /** The turn itself failed (a bug, a store that could not be read). */
  turnFailed(code: string, message: string): void {
    this.#failures.push({ part: 'agent', code, message });
  }

  /** Every event the turn yields, in order. */
  observe(event: AgentEvent): void {
    const now = this.#options.now();
    if (event.type === 'final') {
      this.#finishedAt = now;
      return;
    }
    if (event.type !== 'status') this.#firstEventAt ??= now;
    if (event.type === 'result') this.#answered++;
    if (event.type !== 'error') return;
    if (event.code === 'unauthorized') {
      const accounts = event.account ? [event.account] : (event.refused ?? []);
      if (accounts.length > 0) this.#refusedIds.push(...accounts.map((account) => account.id));
      else this.#refusals.push(this.#user ? 'group' : 'identity');
    } else if (event.code === FORBIDDEN_CODE) {
      this.#refusals.push('admin');
    } else if (event.code === 'bad_request') {
      this.#failures.push({ part: 'agent', code: event.code, message: event.message });
    }
  }

  /** The Gateway as this turn sees it: every call noted, in a child span of `span`, nothing changed. */
  watch(gateway: ToolGateway, span: TraceSpan): ToolGateway {
    return {
      connect: () => gateway.connect?.(),
      listTools: () => gateway.listTools(),
      close: () => gateway.close(),
      callTool: async (tool, args) => {
        for (const call of Array.isArray(args.calls) ? args.calls : []) {
          const { service, operation } = record(call) ?? {};
          if (typeof service === 'string' && typeof operation === 'string')
            this.#calls.add(`${service}.${operation}`);
        }
        const asked = accountIdsOf(args);
        let answer: unknown;
        try {
          answer = await span.child(`gateway ${tool}`, () => gateway.callTool(tool, args));
        } catch (error) {
          this.#fail(asked, outsideFailure('gateway', 'unavailable'));
          throw error;
        }
        this.#noteAnswer(asked, answer);
        return answer;
      },
    };
  }

  #noteAnswer(asked: readonly string[], answer: unknown): void {
    const whole = bridgeError(answer);
    if (whole) {
      if (whole.code === 'refused') this.#refuse(asked, 'guard');
      else this.#fail(asked, outsideFailure('bridge', whole.code));
      return;
    }
    const entries = bridgeEntries(answer);
    if (entries.length === 0) this.#answered++;
    for (const entry of entries) {
      const account = this.#account(entry.accountId);
      if (entry.region) account.regions.add(entry.region);
      if (!entry.error) {
        this.#answered++;
        continue;
      }
      if (entry.error.code === 'refused') {
        this.#refuse([entry.accountId], 'guard');
      } else {
        this.#fanOutFailures.push(entry.error.code);
        this.#fail([entry.accountId], outsideFailure('bridge', entry.error.code));
      }
    }
  }

  #refuse(ids: readonly string[], reason: RefusalReason): void {
    this.#refusals.push(reason);
    for (const id of ids) Object.assign(this.#account(id), { outcome: 'refused', code: reason });
  }

  #fail(ids: readonly string[], failure: Failure): void {
    this.#failures.push(failure);
    for (const id of ids) Object.assign(this.#account(id), { outcome: 'failed', code: failure.code });
  }

  #account(id: string): AccountTrail {
    let account = this.#accounts.get(id);
    if (!account) {
      account = { id, regions: new Set(), outcome: 'ok' };
      this.#accounts.set(id, account);
    }
    return account;
  }

  /** The refusals the agent made itself, by the rule that made them (group, channel). */
  #classifyRefusals(): void {
    const registry = this.#scope?.registry ?? [];
    for (const id of this.#refusedIds) {
      const account = registry.find((candidate) => candidate.id === id);
      const rule =
        account &&
        authorizeAccounts({
          groups: this.#user?.groups ?? [],
          channelPolicy: this.#scope?.policy,
          accounts: [account],
        }).refused[0]?.rule;
      const reason: RefusalReason = rule === 'channel' ? 'channel' : 'group';
      this.#refusals.push(reason);
      Object.assign(this.#account(id), { outcome: 'refused', code: reason });
    }
    this.#refusedIds.length = 0;
  }

  /** The record of the whole turn, once its `final` event is out. */
  finish(): AuditRecord {
    this.#classifyRefusals();
    const { request, questionId, trace, receivedAt } = this.#options;
    const end = this.#finishedAt ?? this.#options.now();
    const [failure] = this.#failures;
    const [refusal] = this.#refusals;
    const outcome: AuditRecord['outcome'] =
      failure?.part === 'agent' || failure?.part === 'model' || (failure && this.#answered === 0)
        ? 'failed'
        : this.#answered === 0 && refusal
          ? 'refused'
          : 'answered';
    const registry = this.#scope?.registry ?? [];
    return {
      questionId,
      kind: request?.question?.action ? 'action' : 'question',
      at: new Date(receivedAt).toISOString(),
      traceId: trace.traceId,
      who: {
        ...(request?.question?.chatUserId ? { chatUserId: request.question.chatUserId } : {}),
        ...(this.#user ? { cognitoUsername: this.#user.username, cognitoSub: this.#user.sub } : {}),
        ...(!this.#user && this.#options.runtimeUserId ? { cognitoSub: this.#options.runtimeUserId } : {}),
      },
      where: request?.conversation ?? { platform: 'local', workspace: '', channel: '', thread: '' },
      what: {
        text: questionText(request),
        verb: this.verb,
        ...(request?.question?.action ? { action: request.question.action } : {}),
      },
      accounts: [...this.#accounts.values()].map((account) => auditAccount(account, registry)),
      calls: [...this.#calls],
      outcome,
      ...(outcome === 'refused' && refusal ? { reason: refusal } : {}),
      ...(outcome === 'failed' && failure
        ? {
            failedAt: failure.part,
            error: { code: failure.code, message: auditErrorMessage(failure.message) },
          }
        : {}),
      durations: {
        totalMs: Math.max(0, end - receivedAt),
        ...(this.#firstEventAt === undefined
          ? {}
          : { firstTextMs: Math.max(0, this.#firstEventAt - receivedAt) }),
      },
      recordedBy: 'agent',
    };
  }

  /** The turn's own timings and failures, for the agent's metrics. */
  get measures() {
    return {
      firstEventMs: this.#firstEventAt === undefined ? undefined : this.#firstEventAt - this.#started,
      turnMs: (this.#finishedAt ?? this.#options.now()) - this.#started,
      fanOutFailures: [...this.#fanOutFailures],
    };
  }
}

/**
 * A failure past the agent, by its code alone: the message of an AWS error (or of the Gateway's
 * refusal of a call's arguments) may quote the call's parameters ("DBInstance <id> not found"), and
 * the audit keeps none. The asker saw the message; the bridge's log keeps it under the trace id.
 */
function outsideFailure(part: 'gateway' | 'bridge', code: string): Failure {
  return { part, code, message: `the ${part === 'gateway' ? 'Gateway' : 'bridge'} answered ${code}` };
}

/** The accounts a tool call names: `account_ids`, or `account_id`. */
function accountIdsOf(args: Readonly<Record<string, unknown>>): string[] {
  if (Array.isArray(args.account_ids)) return args.account_ids.filter((id) => typeof id === 'string');
  return typeof args.account_id === 'string' ? [args.account_id] : [];
}

function auditAccount(account: AccountTrail, registry: readonly Account[]): AuditAccount {
  const known = registry.find((candidate) => candidate.id === account.id);
  return {
    id: account.id,
    name: known?.name ?? '',
    environment: known?.environment ?? '',
    regions: [...account.regions].sort(),
    outcome: account.outcome,
    ...(account.code ? { code: account.code } : {}),
  };
}

/** The question as asked, as the audit keeps it: `/ops …` for a slash command. */
function questionText(request: AgentRequest | undefined): string {
  if (!request) return '';
  return auditQuestionText(request.command ? `/ops ${request.command.text}` : request.prompt);
}
