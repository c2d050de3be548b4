/**
 * The whole agent stack on loopback, real components wherever they run here: dynalite seeded with
 * the sample registry, cognito-local with the sample users, the sandbox AWS (STS + AWS MCP Server),
 * the real bridge behind the local Gateway (SigV4-verified), and the agent server itself.
 */
import type { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { DynamoAccountRegistry } from '#access/account-registry.ts';
import {
  AuditLog,
  CognitoUserDirectory,
  DynamoAuditStore,
  DynamoChannelPolicyReader,
} from '#access/index.ts';
import { type AgentServer, createAgentApp } from '#agent/src/app.ts';
import { McpGateway } from '#agent/src/gateway.ts';
import { MetricsEmitter } from '#common/metrics.ts';
import { AUDIT_DEFAULTS, type AuditRecord } from '#contracts/audit.ts';
import { METRIC_SERVICES, METRICS_NAMESPACE } from '#contracts/metrics.ts';
import type { Account } from '#contracts/registry.ts';
import { loadRegistryDir, SAMPLE_REGISTRY_DIR, seedRegistry } from '#registry-seed/src/index.ts';
import { type LocalCognito, startLocalCognito } from '../components/cognito.ts';
import { type LocalDynamoDB, startLocalDynamoDB } from '../components/dynamodb.ts';
import { type SandboxAws, startSandboxAws } from '../sandbox-aws/index.ts';
import { type LocalGateway, startLocalGateway } from '../stand-ins/agentcore-gateway.ts';
import { sandboxBridgeHandler } from './sandbox-bridge.ts';

export interface AgentStackOptions {
  /** Registry accounts; @default the sample registry's */
  readonly accounts?: readonly Account[];
  readonly bedrock?: BedrockRuntimeClient;
  /** @default 16 */
  readonly fanoutConcurrency?: number;
}

export interface AgentStack {
  readonly agent: AgentServer;
  readonly sandbox: SandboxAws;
  readonly gateway: LocalGateway;
  readonly cognito: LocalCognito;
  readonly dynamo: LocalDynamoDB;
  /** username → Cognito sub. */
  readonly subs: Record<string, string>;
  /** The audit: its log lines as written (`{ message, ...extra }`), its table, and a wait for its writes. */
  readonly audit: {
    readonly lines: Record<string, unknown>[];
    readonly store: DynamoAuditStore;
    readonly log: AuditLog;
    /** The records of the log lines, in order. */
    records(): AuditRecord[];
  };
  /** Every EMF document the agent wrote, one JSON line each. */
  readonly emf: string[];
  stop(): Promise<void>;
}

export const STACK_USERS = [
  { username: 'alice', groups: ['ops-all-readers'] },
  { username: 'bob', groups: ['ops-dev-readers', 'ops-staging-readers'] },
  { username: 'carol', groups: ['ops-all-readers'], enabled: false },
  { username: 'dana', groups: ['ops-admins'] },
];

export async function startAgentStack(options: AgentStackOptions = {}): Promise<AgentStack> {
  const [dynamo, cognito] = await Promise.all([
    startLocalDynamoDB(),
    startLocalCognito({ users: STACK_USERS }),
  ]);
  const registry = await loadRegistryDir(SAMPLE_REGISTRY_DIR);
  const accounts = options.accounts ?? registry.accounts;
  await seedRegistry(dynamo.documentClient, { ...registry, accounts: [...accounts] });
  const sandbox = await startSandboxAws({
    accounts: accounts.map(({ id, name, regions }) => ({ id, name, regions })),
  });
  const bridge = sandboxBridgeHandler({
    sandbox,
    documentClient: dynamo.documentClient,
    config: { fanoutConcurrency: options.fanoutConcurrency ?? 16 },
  });
  const gateway = await startLocalGateway({ handler: bridge });
  const toolGateway = new McpGateway({
    url: gateway.url,
    region: gateway.region,
    credentials: gateway.credentials,
  });
  const lines: Record<string, unknown>[] = [];
  const emf: string[] = [];
  const auditStore = new DynamoAuditStore({ client: dynamo.documentClient });
  const auditLog = new AuditLog({
    store: auditStore,
    storeAfterMs: AUDIT_DEFAULTS.storeAfterMs,
    logger: {
      info: (message, extra) => lines.push({ message, ...extra }),
      error: (message, extra) => lines.push({ message, level: 'ERROR', ...extra }),
    },
  });
  const { listen } = createAgentApp({
    registry: new DynamoAccountRegistry({ client: dynamo.documentClient }),
    users: new CognitoUserDirectory({ client: cognito.client, userPoolId: cognito.userPoolId }),
    channels: new DynamoChannelPolicyReader({ client: dynamo.documentClient }),
    gateway: toolGateway,
    bedrock: options.bedrock,
    modelId: 'anthropic.claude-test',
    audit: auditLog,
    auditStore,
    metrics: new MetricsEmitter({
      namespace: METRICS_NAMESPACE,
      service: METRIC_SERVICES.agent,
      output: (line) => emf.push(line),
    }),
  });
  const agent = await listen({ port: 0, host: '127.0.0.1' });
  return {
    agent,
    sandbox,
    gateway,
    cognito,
    dynamo,
    subs: Object.fromEntries(cognito.users.map((u) => [u.username, u.sub])),
    audit: {
      lines,
      store: auditStore,
      log: auditLog,
      records: () =>
        lines.filter((line) => line.message === 'audit').map((line) => line.audit as AuditRecord),
    },
    emf,
    async stop() {
      await auditLog.idle();
      await agent.close();
      await toolGateway.close();
      await Promise.all([gateway.stop(), sandbox.stop(), cognito.stop(), dynamo.stop()]);
    },
  };
}
