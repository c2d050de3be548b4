/**
 * The Gateway tools as the model sees and uses them. The model never chooses who it acts for
 * (`requested_by` is removed from the schemas and set by the agent) nor which accounts it may read:
 * each tool's account policy (contracts/bridge-tools) says which fields name accounts; every account
 * a call names is checked against the authorized set, and environment/all fan-outs are narrowed to
 * authorized account ids, with each refused account reported. A tool the contract does not define
 * is refused.
 */
import { randomBytes } from 'node:crypto';
import type { Tool } from '@aws-sdk/client-bedrock-runtime';
import type { DocumentType } from '@smithy/types';
import { messageOf } from '#common/errors.ts';
import type { AgentEvent } from '#contracts/agent-events.ts';
import { record } from '#contracts/aws-mcp-result.ts';
import {
  type AccountPolicy,
  BRIDGE_TOOLS,
  bridgeToolNameOf,
  gatewayToolName,
  isBridgeToolName,
} from '#contracts/bridge-tools/index.ts';
import type { Account } from '#contracts/registry.ts';
import { accountLabel } from '#contracts/registry.ts';
import { accountRef } from './accounts.ts';
import type { GatewayTool, ToolGateway } from './gateway.ts';
import { bridgeEntries } from './tool-results.ts';

/** Tool output handed to the model is cut here: enough to answer, bounded for the context window. */
const MAX_TOOL_RESULT_CHARS = 16_000;

/** Bedrock toolSpecs for the bridge tools, without `requested_by`. */
export function modelToolSpecs(tools: readonly GatewayTool[]): Tool[] {
  return tools
    .filter((tool) => bridgeToolOf(tool.name) !== undefined)
    .map((tool) => {
      const schema = tool.inputSchema as { properties?: Record<string, unknown>; required?: string[] };
      const { requested_by: _ignored, ...properties } = schema.properties ?? {};
      const json = {
        ...schema,
        properties,
        required: (schema.required ?? []).filter((name) => name !== 'requested_by'),
      };
      return {
        toolSpec: {
          name: tool.name,
          description: tool.description.slice(0, 1_000),
          inputSchema: { json: json as DocumentType },
        },
      };
    });
}

export interface ModelToolContext {
  readonly gateway: ToolGateway;
  readonly requestedBy: string;
  /** Authorized accounts: the only ones a call may touch. */
  readonly allowed: readonly Account[];
  /** Every enabled registry account, to name refusals. */
  readonly registry: readonly Account[];
  /** Accounts and regions actually queried, for the final event. */
  readonly used: { accounts: Map<string, Account>; regions: Set<string> };
}

interface ToolOutcome {
  /** What goes back to the model (already wrapped as untrusted data). */
  readonly content: string;
  readonly status: 'success' | 'error';
  /** Events for the chat: refusals and per-account failures. */
  readonly events: AgentEvent[];
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** The wrapper's tag name; each call's tag is this plus `_<random id>`. */
export const UNTRUSTED_TAG = 'tool_output';

/**
 * Wraps tool output so the model reads it as data; the system prompt says the same. The tag ends
 * in a random id drawn per call, so data cannot close the wrapper: it cannot know the id.
 */
export function untrusted(text: string): string {
  const body = text.length > MAX_TOOL_RESULT_CHARS ? `${text.slice(0, MAX_TOOL_RESULT_CHARS)}… [cut]` : text;
  const tag = `${UNTRUSTED_TAG}_${randomBytes(12).toString('hex')}`;
  return `<${tag} untrusted="true">\n${body}\n</${tag}>`;
}

function refusal(message: string, events: AgentEvent[] = []): ToolOutcome {
  return {
    content: untrusted(JSON.stringify({ error: { code: 'unauthorized', message } })),
    status: 'error',
    events,
  };
}

const NONE_READABLE = 'None of those accounts is readable by this user from this channel.';

/** What a call may read under its policy: the authorized accounts it names, or why it is refused. */
function scopeToAllowed(
  policy: AccountPolicy,
  args: Record<string, unknown>,
  context: ModelToolContext,
  allowedById: ReadonlyMap<string, Account>,
  events: AgentEvent[],
): { readonly targets: Account[] } | { readonly refused: string } {
  const refuse = (ids: readonly string[]): void => {
    for (const id of ids) {
      const account = context.registry.find((a) => a.id === id);
      events.push({
        type: 'error',
        ...(account ? { account: accountRef(account) } : {}),
        code: 'unauthorized',
        message: account
          ? `${accountLabel(account)} is not readable by you from this channel.`
          : `Account ${id} is not in the registry.`,
      });
    }
  };
  switch (policy.reads) {
    case 'no-account':
      return { targets: [] };
    case 'one-account': {
      const id = String(args[policy.account] ?? '');
      const account = allowedById.get(id);
      if (account) return { targets: [account] };
      refuse([id]);
      return { refused: `Account ${id} is not readable by this user from this channel.` };
    }
    case 'many-accounts': {
      // Fan-outs are always sent as explicit authorized ids, never as environment/all.
      let ids = stringList(args[policy.accounts]);
      const environment =
        typeof args[policy.environment] === 'string'
          ? (args[policy.environment] as string).toLowerCase()
          : undefined;
      if (args[policy.all] === true || environment === 'all') ids = context.registry.map((a) => a.id);
      else if (environment)
        ids = context.registry.filter((a) => a.environment.toLowerCase() === environment).map((a) => a.id);
      refuse(ids.filter((id) => !allowedById.has(id)));
      const targets = ids.map((id) => allowedById.get(id)).filter((a): a is Account => a !== undefined);
      delete args[policy.environment];
      delete args[policy.all];
      args[policy.accounts] = targets.map((a) => a.id);
      if (targets.length === 0) return { refused: NONE_READABLE };
      return { targets };
    }
    case 'each-request': {
      // Only the requests for readable accounts are sent on; the others are reported, once per account.
      const requests = Array.isArray(args[policy.requests]) ? (args[policy.requests] as unknown[]) : [];
      const idOf = (request: unknown): string => String(record(request)?.account_id ?? '');
      refuse([...new Set(requests.map(idOf).filter((id) => !allowedById.has(id)))]);
      const kept = requests.filter((request) => allowedById.has(idOf(request)));
      args[policy.requests] = kept;
      if (kept.length === 0) return { refused: NONE_READABLE };
      return { targets: [...new Set(kept.map(idOf))].map((id) => allowedById.get(id)!) };
    }
  }
}

/** The bridge tool a Gateway name stands for, when it is one the contract defines. */
function bridgeToolOf(gatewayName: string) {
  const name = bridgeToolNameOf(gatewayName);
  return isBridgeToolName(name) && gatewayToolName(name) === gatewayName ? BRIDGE_TOOLS[name] : undefined;
}

/** Runs one model tool call under its tool's account policy. */
export async function runModelTool(
  context: ModelToolContext,
  name: string,
  input: unknown,
): Promise<ToolOutcome> {
  const tool = bridgeToolOf(name);
  if (!tool) return refusal(`Unknown tool ${name}.`);
  const args: Record<string, unknown> =
    typeof input === 'object' && input !== null && !Array.isArray(input)
      ? { ...(input as Record<string, unknown>) }
      : {};
  const allowedById = new Map(context.allowed.map((a) => [a.id, a]));
  const events: AgentEvent[] = [];
  const scoped = scopeToAllowed(tool.policy, args, context, allowedById, events);
  if ('refused' in scoped) return refusal(scoped.refused, events);
  const targets = scoped.targets;
  args.requested_by = context.requestedBy;

  let answer: unknown;
  try {
    answer = await context.gateway.callTool(name, args);
  } catch (error) {
    return {
      content: untrusted(JSON.stringify({ error: { code: 'unavailable', message: messageOf(error) } })),
      status: 'error',
      events,
    };
  }
  const regionArgs = [...stringList(args.regions), ...(typeof args.region === 'string' ? [args.region] : [])];
  for (const account of targets) {
    context.used.accounts.set(account.id, account);
    for (const region of regionArgs.length > 0 ? regionArgs : account.regions.slice(0, 1))
      context.used.regions.add(region);
  }
  for (const entry of bridgeEntries(answer)) {
    const account = allowedById.get(entry.accountId);
    if (entry.region && account) context.used.regions.add(entry.region);
    if (entry.error && account) {
      events.push({
        type: 'error',
        account: accountRef(account),
        ...(entry.region ? { region: entry.region } : {}),
        code: entry.error.code,
        message: entry.error.message,
      });
    }
  }
  return { content: untrusted(JSON.stringify(answer)), status: 'success', events };
}
