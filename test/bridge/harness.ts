/**
 * A bridge wired to the sandbox AWS (STS + AWS MCP Server look-alike) and a dynalite account
 * registry, invoked with Gateway-shaped events and contexts.
 */
import { type BridgeConfig, loadConfig } from '#bridge/src/config.ts';
import type { BridgeHandler, GatewayContext } from '#bridge/src/handler.ts';
import { McpClientPool, type McpClientPoolOptions } from '#bridge/src/mcp-client.ts';
import { BRIDGE_TARGET_NAME } from '#contracts/bridge-tools/index.ts';
import type { Account } from '#contracts/registry.ts';
import { type LocalDynamoDB, startLocalDynamoDB } from '#local/components/dynamodb.ts';
import { type SandboxAws, startSandboxAws } from '#local/sandbox-aws/index.ts';
import { sandboxBridgeHandler } from '#local/stack/sandbox-bridge.ts';
import { seedRegistry } from '#registry-seed/src/seed/seed-registry.ts';

export interface BridgeHarness {
  readonly sandbox: SandboxAws;
  readonly dynamo: LocalDynamoDB;
  readonly accounts: readonly Account[];
  readonly invoke: (tool: string, event: Record<string, unknown>) => Promise<unknown>;
  /** A fresh bridge (cold caches) on the same sandbox and registry. */
  readonly coldHandler: (
    config?: Partial<BridgeConfig>,
    mcp?: Partial<McpClientPoolOptions>,
  ) => BridgeHandler;
  /** Calls query_accounts with `event` on a fresh bridge (cold caches) configured with `config`. */
  queryAccounts(
    event: Record<string, unknown>,
    config?: Partial<BridgeConfig>,
    context?: Partial<GatewayContext>,
  ): Promise<FanOutAnswer>;
  stop(): Promise<void>;
}

/** The `shaped` answer of one account-region. */
export interface ShapedAnswer {
  readonly response: { Reservations?: { Instances: Record<string, unknown>[] }[]; Functions?: unknown[] };
  readonly total: number;
  readonly counts?: Record<string, number>;
  readonly omitted: number;
}

/** One account-region of a query_accounts answer. */
export interface FanOutEntry {
  readonly accountId: string;
  readonly region: string;
  readonly ok: boolean;
  readonly content?: string;
  readonly truncatedBytes?: number;
  readonly shaped?: ShapedAnswer;
  readonly error?: { readonly code: string; readonly message: string };
}

/** What query_accounts answers. */
export interface FanOutAnswer {
  readonly results: FanOutEntry[];
  readonly summary: { accounts: number; ok: number; failed: number; refused: number; elapsedMs: number };
}

export interface HarnessOptions {
  /** Enabled accounts. @default 5 */
  readonly accountCount?: number;
  /** Registered but disabled accounts. @default [] */
  readonly disabled?: readonly string[];
  readonly config?: Partial<BridgeConfig>;
  readonly mcp?: Partial<McpClientPoolOptions>;
  /** Start a harness with an ExternalId the sandbox requires. @default undefined */
  readonly externalId?: string;
  /** The tools the AWS MCP Server look-alike offers. @default all */
  readonly tools?: readonly string[];
}

export function accountId(index: number): string {
  return String(100_000_000_000 + index);
}

export function account(id: string, overrides: Partial<Account> = {}): Account {
  const index = Number(id) % 1000;
  return {
    id,
    name: `acct-${String(index).padStart(3, '0')}`,
    aliases: [],
    environment: index % 2 === 0 ? 'prod' : 'dev',
    regions: ['us-east-1'],
    enabled: true,
    tags: {},
    ...overrides,
  };
}

export function gatewayContext(tool: string): GatewayContext {
  return {
    clientContext: {
      custom: {
        bedrockAgentCoreToolName: `${BRIDGE_TARGET_NAME}___${tool}`,
        bedrockAgentCoreGatewayId: 'test-gateway',
        bedrockAgentCoreTargetId: BRIDGE_TARGET_NAME,
        bedrockAgentCoreMessageVersion: '1.0',
        bedrockAgentCoreAwsRequestId: crypto.randomUUID(),
        bedrockAgentCoreMcpMessageId: '1',
      },
    },
  };
}

export async function startBridgeHarness(options: HarnessOptions = {}): Promise<BridgeHarness> {
  const enabled = Array.from({ length: options.accountCount ?? 5 }, (_, i) => account(accountId(i + 1)));
  const disabled = (options.disabled ?? []).map((id) => account(id, { enabled: false }));
  const accounts = [...enabled, ...disabled];
  const [sandbox, dynamo] = await Promise.all([
    startSandboxAws({
      accounts: accounts.map(({ id, name, regions }) => ({ id, name, regions })),
      ...(options.externalId ? { externalId: options.externalId } : {}),
      ...(options.tools ? { tools: options.tools } : {}),
    }),
    startLocalDynamoDB(),
  ]);
  await seedRegistry(dynamo.documentClient, { accounts, identities: [], channels: [] });

  const coldHandler = (
    config: Partial<BridgeConfig> = {},
    mcp: Partial<McpClientPoolOptions> = {},
  ): BridgeHandler => {
    const overrides: Partial<BridgeConfig> = {
      ...(options.externalId ? { externalId: options.externalId } : {}),
      ...options.config,
      ...config,
    };
    return sandboxBridgeHandler({
      sandbox,
      documentClient: dynamo.documentClient,
      config: overrides,
      // Short retry delays keep failure tests fast; calls time out at the configured per-account timeout.
      mcp: new McpClientPool({
        endpoint: sandbox.mcpEndpoint,
        callTimeoutMs: overrides.accountTimeoutMs ?? loadConfig({}).accountTimeoutMs,
        retryBaseDelayMs: 5,
        ...options.mcp,
        ...mcp,
      }),
    });
  };
  const handler = coldHandler();
  return {
    sandbox,
    dynamo,
    accounts,
    invoke: (tool, event) => handler(event, gatewayContext(tool)),
    coldHandler,
    queryAccounts: (event, config = {}, context = {}) =>
      coldHandler(config)(event, {
        ...gatewayContext('query_accounts'),
        ...context,
      }) as Promise<FanOutAnswer>,
    async stop() {
      await Promise.all([sandbox.stop(), dynamo.stop()]);
    },
  };
}

/** A read-only call that lists EC2 instances. */
export const DESCRIBE_INSTANCES = [{ service: 'ec2', operation: 'DescribeInstances', params: {} }];
