/**
 * The AgentCore Runtime entry point: builds the real clients from the environment (config.ts) and
 * serves /invocations and /ping on PORT (default 8080). Every AWS client honours the SDK's
 * AWS_ENDPOINT_URL_<SERVICE> variables; the Gateway is signed with the runtime role's credentials.
 * Each turn's audit record is a log line and items of AUDIT_TABLE; its metrics are EMF lines on
 * stdout, which AgentCore Runtime ships to the runtime's log group.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { BedrockAgentCoreClient } from '@aws-sdk/client-bedrock-agentcore';
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoAccountRegistry } from '#access/account-registry.ts';
import {
  AuditLog,
  CognitoUserDirectory,
  DynamoAuditStore,
  DynamoChannelPolicyReader,
} from '#access/index.ts';
import { MetricsEmitter } from '#common/metrics.ts';
import { AUDIT_DEFAULTS } from '#contracts/audit.ts';
import { METRIC_SERVICES, METRICS_NAMESPACE } from '#contracts/metrics.ts';
import { createAgentApp } from './app.ts';
import { loadConfig } from './config.ts';
import { McpGateway } from './gateway.ts';
import { AgentCoreMemory } from './memory/agentcore-memory.ts';
import { InProcessMemory } from './memory/in-process-memory.ts';

const logger = new Logger({ serviceName: 'centralops-agent' });
const config = loadConfig();
const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({ region: config.region }));

const auditStore = new DynamoAuditStore({ client: documentClient });

const { listen } = createAgentApp({
  registry: new DynamoAccountRegistry({ client: documentClient, cacheTtlMs: config.accountCacheMs }),
  users: new CognitoUserDirectory({
    client: new CognitoIdentityProviderClient({ region: config.region }),
    // Unset, the directory refuses to start ('USER_POOL_ID is not set').
    userPoolId: config.userPoolId ?? '',
  }),
  channels: new DynamoChannelPolicyReader({ client: documentClient }),
  gateway: config.gatewayUrl
    ? new McpGateway({ url: config.gatewayUrl, region: config.region, credentials: fromNodeProviderChain() })
    : undefined,
  bedrock: new BedrockRuntimeClient({ region: config.region }),
  modelId: config.modelId,
  modelMaxSteps: config.modelMaxSteps,
  modelMaxMs: config.modelMaxMs,
  memory: config.memoryId
    ? new AgentCoreMemory({
        client: new BedrockAgentCoreClient({ region: config.region }),
        memoryId: config.memoryId,
      })
    : new InProcessMemory({ maxScopes: config.sessionMax, ttlMs: config.sessionTtlMs }),
  logger,
  auditStore,
  audit: new AuditLog({ store: auditStore, logger, storeAfterMs: AUDIT_DEFAULTS.storeAfterMs }),
  metrics: new MetricsEmitter({ namespace: METRICS_NAMESPACE, service: METRIC_SERVICES.agent }),
  fanOut: config.fanOut,
});

const server = await listen({ port: config.port });
logger.info('agent listening', {
  url: server.url,
  gateway: config.gatewayUrl ?? 'none',
  modelId: config.modelId,
  memory: config.memoryId ?? 'in process',
});
