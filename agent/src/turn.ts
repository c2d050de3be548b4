/**
 * One turn: who is asking (runtime user header → Cognito), what they asked (planner), which accounts
 * they may read (registry × groups × channel policy), then the deterministic query or the model loop.
 * Every turn ends with exactly one `final` event, whatever happened before it.
 */
import type { BedrockRuntimeClient, Message } from '@aws-sdk/client-bedrock-runtime';
import type { AccountRegistry } from '#access/account-registry.ts';
import {
  authorizeAccounts,
  type ChannelPolicyReader,
  type DirectoryUser,
  type UserDirectory,
} from '#access/index.ts';
import { messageOf } from '#common/errors.ts';
import type { AccountRef, AgentEvent, AgentRequest } from '#contracts/agent-events.ts';
import type { Account } from '#contracts/registry.ts';
import { accountLabel } from '#contracts/registry.ts';
import { accountRef, resolveTarget } from './accounts.ts';
import { AgentError, ModelUnavailableError } from './errors.ts';
import type { ToolGateway } from './gateway.ts';
import { helpText } from './help.ts';
import { type ModelLoopOutcome, runModelLoop, systemPrompt } from './model-loop.ts';
import { modelToolSpecs } from './model-tools.ts';
import { runOpsQuery } from './ops-query.ts';
import { type Plan, planRequest, type QueryPlan } from './planner.ts';
import type { Session, SessionStore } from './sessions.ts';

export interface TurnDeps {
  readonly registry: AccountRegistry;
  readonly users: Pick<UserDirectory, 'getUser'>;
  readonly channels: ChannelPolicyReader;
  readonly sessions: SessionStore;
  /** Absent when GATEWAY_URL is unset: deterministic queries then say so. */
  readonly gateway: ToolGateway | undefined;
  /** Absent when no model is configured: free text then says so. */
  readonly bedrock: BedrockRuntimeClient | undefined;
  readonly modelId: string;
  readonly modelMaxSteps: number;
  readonly modelMaxMs: number;
  /** @default Date.now */
  readonly now?: () => number;
}

interface TurnContext {
  /** From `x-amzn-bedrock-agentcore-runtime-user-id` only; never from the body. */
  readonly userId: string | undefined;
  readonly sessionId: string;
}

interface Used {
  accounts: AccountRef[];
  regions: string[];
  summary: string;
}

export async function* runTurn(
  deps: TurnDeps,
  request: AgentRequest,
  context: TurnContext,
): AsyncGenerator<AgentEvent> {
  const now = deps.now ?? Date.now;
  const started = now();
  const used: Used = { accounts: [], regions: [], summary: '' };
  try {
    yield* turnBody(deps, request, context, used);
  } catch (error) {
    const code = error instanceof AgentError ? error.code : 'internal';
    yield { type: 'error', code, message: messageOf(error) };
    used.summary ||= 'The question could not be answered.';
  }
  yield {
    type: 'final',
    summary: used.summary,
    accounts: used.accounts,
    regions: used.regions,
    elapsedMs: now() - started,
    sessionId: context.sessionId,
  };
}

async function* turnBody(
  deps: TurnDeps,
  request: AgentRequest,
  context: TurnContext,
  used: Used,
): AsyncGenerator<AgentEvent> {
  if (!context.userId) {
    used.summary = 'Refused: no runtime user.';
    yield {
      type: 'error',
      code: 'unauthorized',
      message: 'No runtime user id on the request: CentralOps cannot tell who is asking.',
    };
    return;
  }
  const user = await deps.users.getUser(context.userId);
  if (!user?.enabled) {
    used.summary = 'Refused: unknown or disabled user.';
    yield {
      type: 'error',
      code: 'unauthorized',
      message: user
        ? 'Your CentralOps user is disabled.'
        : 'Your chat identity is not linked to a CentralOps user.',
    };
    return;
  }
  // Per user as well as per thread: another person in the thread has a history of their own.
  const session = deps.sessions.get(context.sessionId, user.sub);
  const plan = withSession(planRequest(request), session);

  switch (plan.kind) {
    case 'help':
      used.summary = 'Help';
      yield { type: 'text', delta: helpText(plan.service) };
      return;
    case 'usage':
      used.summary = 'Usage';
      yield { type: 'text', delta: plan.message };
      return;
    case 'accounts': {
      const { registry, policy } = await readScope(deps, request);
      const { allowed, refused } = authorizeAccounts({
        groups: user.groups,
        channelPolicy: policy,
        accounts: registry,
      });
      const refusedIds = new Set(refused.map((r) => r.account.id));
      used.summary = `${registry.length} accounts, ${allowed.length} readable by you here`;
      yield {
        type: 'text',
        delta: [
          `*${used.summary}*`,
          ...registry.map(
            (a) =>
              `• ${accountLabel(a)} · ${a.regions.join(', ')}${refusedIds.has(a.id) ? ' · not readable here' : ''}`,
          ),
        ].join('\n'),
      };
      return;
    }
    case 'query':
      yield* queryTurn(deps, request, plan, user, session, used);
      return;
    default:
      yield* modelTurn(deps, request, user, session, used);
  }
}

/** The enabled accounts and the channel's policy: what every authorization decision starts from. */
async function readScope(deps: TurnDeps, request: AgentRequest) {
  const [registry, policy] = await Promise.all([
    deps.registry.listEnabled(),
    deps.channels.get(request.conversation),
  ]);
  return { registry, policy };
}

/** A follow-up ("and in staging?") reuses the session's last query; without one it is free text. */
function withSession(plan: Plan, session: Session): Exclude<Plan, { kind: 'followUp' }> {
  if (plan.kind !== 'followUp') return plan;
  if (!session.lastQuery) return { kind: 'freeText' };
  const { target, region } = plan;
  const previous = session.lastQuery;
  return {
    ...previous,
    ...(target ? { target } : {}),
    ...(region ? { region } : {}),
  };
}

async function* queryTurn(
  deps: TurnDeps,
  request: AgentRequest,
  plan: QueryPlan,
  user: DirectoryUser,
  session: Session,
  used: Used,
): AsyncGenerator<AgentEvent> {
  const { registry, policy } = await readScope(deps, request);
  const target = plan.target ?? policy?.defaultAccount;
  const what = `${plan.service.title} ${plan.resource.resource}`;
  if (!target) {
    used.summary = 'Which account?';
    yield {
      type: 'text',
      delta: `Which account? Add a target, e.g. /ops prod ${plan.service.service} or "… in prod".`,
    };
    return;
  }
  const resolution = resolveTarget(target, registry);
  if (resolution.kind !== 'accounts') {
    used.summary = resolution.kind === 'ambiguous' ? 'Which account?' : 'Unknown account';
    yield { type: 'text', delta: resolution.message };
    return;
  }
  session.lastQuery = { ...plan, target };
  const { allowed, refused } = authorizeAccounts({
    groups: user.groups,
    channelPolicy: policy,
    accounts: resolution.accounts,
  });
  for (const refusal of refused) {
    yield {
      type: 'error',
      account: accountRef(refusal.account),
      code: 'unauthorized',
      message: refusal.reason,
    };
  }
  if (allowed.length === 0) {
    used.summary = `${what}: refused for ${refused.length === 1 ? 'the account' : `all ${refused.length} accounts`} asked.`;
    return;
  }
  if (!deps.gateway) {
    used.summary = `${what}: no Gateway configured (GATEWAY_URL).`;
    yield {
      type: 'error',
      code: 'unavailable',
      message: 'The tool Gateway is not configured (GATEWAY_URL), so nothing can be queried.',
    };
    return;
  }
  const scope = resolution.label === 'all' ? '' : ` ${resolution.label}`;
  yield {
    type: 'status',
    message: `querying ${allowed.length}${scope} account${allowed.length === 1 ? '' : 's'} for ${what}…`,
  };
  // Let the status reach the socket before the fan-out's signing and parsing take the event loop.
  await new Promise((resolve) => setImmediate(resolve));
  const outcome = yield* runOpsQuery({
    plan,
    accounts: allowed,
    requestedBy: user.username,
    gateway: deps.gateway,
    now: new Date((deps.now ?? Date.now)()),
  });
  used.accounts = allowed.map(accountRef);
  used.regions = outcome.regions.sort();
  used.summary =
    `${what} in ${allowed.length} account${allowed.length === 1 ? '' : 's'} (${used.regions.join(', ')}): ` +
    `${outcome.ok} answered, ${outcome.failed} failed${refused.length ? `, ${refused.length} refused` : ''}`;
  deps.sessions.remember(session, [
    { role: 'user', content: [{ text: request.command ? `/ops ${request.command.text}` : request.prompt }] },
    { role: 'assistant', content: [{ text: used.summary }] },
  ]);
}

const NO_MODEL =
  'so I can only answer /ops commands and plain questions like "list ec2 instances in prod". Try /ops help.';

async function* modelTurn(
  deps: TurnDeps,
  request: AgentRequest,
  user: DirectoryUser,
  session: Session,
  used: Used,
): AsyncGenerator<AgentEvent> {
  if (!deps.bedrock) {
    used.summary = 'No language model configured.';
    yield { type: 'text', delta: `No language model is configured here, ${NO_MODEL}` };
    return;
  }
  const { registry, policy } = await readScope(deps, request);
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
      messages: [...session.messages, userMessage],
      toolContext,
      maxSteps: deps.modelMaxSteps,
      maxMs: deps.modelMaxMs,
    });
  } catch (error) {
    if (!(error instanceof ModelUnavailableError)) throw error;
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
  if (outcome.text)
    deps.sessions.remember(session, [userMessage, { role: 'assistant', content: [{ text }] }]);
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
