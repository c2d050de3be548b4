/**
 * One turn: who is asking (runtime user header → Cognito), what they asked (ops/plan.ts: an `/ops`
 * verb, a plain phrasing, or free text), then the verb that answers it (ops/verbs/) or the model
 * loop; each checks the accounts the user may read (registry × groups × channel policy). Every turn
 * ends with exactly one `final` event, whatever happened before it.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { BedrockRuntimeClient, Message } from '@aws-sdk/client-bedrock-runtime';
import type { AccountRegistry } from '#access/account-registry.ts';
import {
  authorizeAccounts,
  type ChannelPolicyReader,
  type ChannelPolicyWriter,
  type UserDirectory,
} from '#access/index.ts';
import { messageOf } from '#common/errors.ts';
import type { AgentEvent, AgentRequest } from '#contracts/agent-events.ts';
import type { Account } from '#contracts/registry.ts';
import { accountRef } from './accounts.ts';
import type { QuestionTrail } from './audit/question-trail.ts';
import { AgentError, ModelUnavailableError } from './errors.ts';
import { FANOUT_DEFAULTS, type FanOutSettings } from './fanout/shards.ts';
import type { ToolGateway } from './gateway.ts';
import type { ConversationMemory, MemoryScope, MemoryTurn } from './memory/conversation-memory.ts';
import { type ModelLoopOutcome, runModelLoop, systemPrompt } from './model-loop.ts';
import { modelToolSpecs } from './model-tools.ts';
import type { FollowUp } from './ops/plain.ts';
import { type Plan, planRequest } from './ops/plan.ts';
import type { Scope, Turn, TurnAnswer } from './ops/verb.ts';
import { OPS_VERBS, runPlan } from './ops/verbs/index.ts';

export interface TurnDeps {
  readonly registry: AccountRegistry;
  readonly users: Pick<UserDirectory, 'getUser'>;
  /** The channel policies; those that can also `set` let ops-admins change them from chat. */
  readonly channels: ChannelPolicyReader & Partial<ChannelPolicyWriter>;
  /** Each user's exchanges per thread (AgentCore Memory when configured). */
  readonly memory: ConversationMemory;
  /** Absent when GATEWAY_URL is unset: deterministic queries then say so. */
  readonly gateway: ToolGateway | undefined;
  /** Absent when no model is configured: free text then says so. */
  readonly bedrock: BedrockRuntimeClient | undefined;
  readonly modelId: string;
  readonly modelMaxSteps: number;
  readonly modelMaxMs: number;
  /** How fan-outs are split into bridge calls. @default FANOUT_DEFAULTS */
  readonly fanOut?: FanOutSettings;
  /** @default Date.now */
  readonly now?: () => number;
  /** Where a memory failure is told (the turn goes on without it). @default none */
  readonly logger?: Logger;
  /** The audit table `/ops audit` reads. @default none */
  readonly auditStore?: Turn['auditStore'];
}

interface TurnContext {
  /** From `x-amzn-bedrock-agentcore-runtime-user-id` only; never from the body. */
  readonly userId: string | undefined;
  readonly sessionId: string;
  /** The turn's audit trail: who asked, the verb, what failed. @default none */
  readonly trail?: QuestionTrail;
}

export async function* runTurn(
  deps: TurnDeps,
  request: AgentRequest,
  context: TurnContext,
): AsyncGenerator<AgentEvent> {
  const now = deps.now ?? Date.now;
  const started = now();
  const answer: TurnAnswer = { accounts: [], regions: [], summary: '' };
  try {
    yield* turnBody(deps, request, context, answer);
  } catch (error) {
    const code = error instanceof AgentError ? error.code : 'internal';
    context.trail?.turnFailed(code, messageOf(error));
    yield { type: 'error', code, message: messageOf(error) };
    answer.summary ||= 'The question could not be answered.';
  }
  yield {
    type: 'final',
    summary: answer.summary,
    accounts: answer.accounts,
    regions: answer.regions,
    elapsedMs: now() - started,
    sessionId: context.sessionId,
    ...(answer.rerun ? { rerun: answer.rerun } : {}),
  };
}

async function* turnBody(
  deps: TurnDeps,
  request: AgentRequest,
  context: TurnContext,
  answer: TurnAnswer,
): AsyncGenerator<AgentEvent> {
  if (!context.userId) {
    answer.summary = 'Refused: no runtime user.';
    yield {
      type: 'error',
      code: 'unauthorized',
      message: 'No runtime user id on the request: CentralOps cannot tell who is asking.',
    };
    return;
  }
  const user = await deps.users.getUser(context.userId);
  if (!user?.enabled) {
    answer.summary = 'Refused: unknown or disabled user.';
    yield {
      type: 'error',
      code: 'unauthorized',
      message: user
        ? 'Your CentralOps user is disabled.'
        : 'Your chat identity is not linked to a CentralOps user.',
    };
    return;
  }
  // The Gateway's handshake overlaps the reads below, for a user who may ask.
  deps.gateway?.connect?.();
  // Per user as well as per thread: another person in the thread has a memory of their own.
  const memoryScope: MemoryScope = { actorId: user.sub, sessionId: context.sessionId };
  const history = await deps.memory.recall(memoryScope).catch((error: unknown) => {
    // Without its memory the turn still answers; a follow-up just lacks its context.
    deps.logger?.warn('memory not recalled', { error: error as Error });
    return [];
  });
  let scope: Promise<Scope> | undefined;
  const turn: Turn = {
    request,
    user,
    history,
    gateway: deps.gateway,
    fanOut: deps.fanOut ?? FANOUT_DEFAULTS,
    now: deps.now ?? Date.now,
    verbs: OPS_VERBS,
    answer,
    scope: () => {
      scope ??= readScope(deps, request);
      return scope;
    },
    remember: (exchange) =>
      deps.memory.remember(memoryScope, exchange).catch((error: unknown) => {
        deps.logger?.warn('memory not written', { error: error as Error });
      }),
    forget: () => deps.memory.forget(memoryScope),
    ...(deps.channels.set ? { channelPolicies: { set: (policy) => deps.channels.set!(policy) } } : {}),
    ...(deps.auditStore ? { auditStore: deps.auditStore } : {}),
  };
  context.trail?.identified(user, turn.scope);
  const plan = withMemory(planRequest(request), history);
  if (context.trail) context.trail.verb = plan.kind === 'freeText' ? 'model' : plan.kind;
  switch (plan.kind) {
    case 'usage':
      answer.summary = 'Usage';
      yield { type: 'private', reason: 'usage' };
      yield { type: 'text', delta: plan.message };
      return;
    case 'freeText':
      yield* modelTurn(deps, turn, context.trail);
      return;
    default:
      yield* runPlan(plan, turn);
  }
}

/** The enabled accounts and the channel's policy: what every authorization decision starts from. */
async function readScope(deps: TurnDeps, request: AgentRequest): Promise<Scope> {
  const [registry, policy] = await Promise.all([
    deps.registry.listEnabled(),
    deps.channels.get(request.conversation),
  ]);
  return { registry, policy };
}

/**
 * A follow-up ("and in staging?") asks the user's last query of this thread again, with its new
 * target or region; without one it is free text.
 */
function withMemory(plan: Plan, history: readonly MemoryTurn[]): Exclude<Plan, FollowUp> {
  if (plan.kind !== 'followUp') return plan;
  const query = history.findLast((exchange) => exchange.query !== undefined)?.query;
  const last =
    query === undefined ? undefined : planRequest({ prompt: '', command: { name: 'ops', text: query } });
  if (last?.kind !== 'query') return { kind: 'freeText' };
  const { target, region } = plan;
  return { ...last, ...(target ? { target } : {}), ...(region ? { region } : {}) };
}

const NO_MODEL =
  'so I can only answer /ops commands and plain questions like "list ec2 instances in prod". Try /ops help.';

async function* modelTurn(deps: TurnDeps, turn: Turn, trail?: QuestionTrail): AsyncGenerator<AgentEvent> {
  const { request, user, history, answer: used } = turn;
  if (!deps.bedrock) {
    used.summary = 'No language model configured.';
    yield { type: 'text', delta: `No language model is configured here, ${NO_MODEL}` };
    return;
  }
  const { registry, policy } = await turn.scope();
  const { allowed } = authorizeAccounts({ groups: user.groups, channelPolicy: policy, accounts: registry });
  const gatewayTools = deps.gateway ? await deps.gateway.listTools().catch(() => []) : [];
  const toolContext = {
    gateway: deps.gateway ?? noGateway,
    requestedBy: user.username,
    allowed,
    registry,
    used: { accounts: new Map<string, Account>(), regions: new Set<string>() },
  };
  const userMessage: Message = { role: 'user', content: [{ text: request.prompt }] };
  let outcome: ModelLoopOutcome;
  try {
    outcome = yield* runModelLoop({
      client: deps.bedrock,
      modelId: deps.modelId,
      system: systemPrompt({ registry, allowed, username: user.username }),
      tools: modelToolSpecs(gatewayTools),
      messages: [...historyMessages(history), userMessage],
      toolContext,
      maxSteps: deps.modelMaxSteps,
      maxMs: deps.modelMaxMs,
    });
  } catch (error) {
    if (!(error instanceof ModelUnavailableError)) throw error;
    trail?.modelFailed(error);
    used.summary = 'The language model is unavailable.';
    yield { type: 'text', delta: `The language model is unavailable (${error.message}), ${NO_MODEL}` };
    return;
  }
  let text = outcome.text;
  if (outcome.stoppedBy) {
    const note = `\n\n(Stopped after ${outcome.steps} model step${outcome.steps === 1 ? '' : 's'}: the ${outcome.stoppedBy === 'steps' ? 'step' : 'time'} limit. Ask a narrower question.)`;
    text += note;
    yield { type: 'text', delta: note };
  }
  const accounts = [...toolContext.used.accounts.values()];
  const regions = [...toolContext.used.regions].sort();
  const sources = missingSources(text, accounts, regions);
  if (sources) {
    text += sources;
    yield { type: 'text', delta: sources };
  }
  used.accounts = accounts.map(accountRef);
  used.regions = regions;
  used.summary = firstLine(outcome.text) || 'Answered.';
  used.rerun = { prompt: request.prompt.slice(0, 1_500), command: false, environments: [] };
  if (outcome.text) await turn.remember({ user: request.prompt, assistant: text });
}

/** The remembered exchanges as the model's earlier messages. */
function historyMessages(history: readonly MemoryTurn[]): Message[] {
  return history.flatMap((exchange): Message[] => [
    { role: 'user', content: [{ text: exchange.user }] },
    { role: 'assistant', content: [{ text: exchange.assistant }] },
  ]);
}

const noGateway: ToolGateway = {
  listTools: async () => [],
  callTool: async () => ({
    error: { code: 'unavailable', message: 'The tool Gateway is not configured (GATEWAY_URL).' },
  }),
  close: async () => undefined,
};

/** A "Sources:" line when the model's text leaves out an account or region it used. */
function missingSources(text: string, accounts: readonly Account[], regions: readonly string[]): string {
  if (accounts.length === 0) return '';
  const lower = text.toLowerCase();
  const accountsNamed = accounts.every((a) => lower.includes(a.name.toLowerCase()) || lower.includes(a.id));
  const regionsNamed = regions.every((r) => lower.includes(r));
  if (accountsNamed && regionsNamed) return '';
  return `\n\nSources: ${accounts.map((a) => `${a.name} (${a.id})`).join(', ')}; regions ${regions.join(', ') || 'default'}.`;
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0]?.slice(0, 200) ?? '';
}
