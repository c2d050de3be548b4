import path from 'node:path';
import { type App, Aws, type Environment } from 'aws-cdk-lib';
import { type BuildReport, REPO_ROOT } from './bundles.ts';
import {
  alarmTopicName,
  bridgeRoleName,
  type CentralOpsConfig,
  registrySyncRoleName,
  stackPrefix,
} from './config.ts';
import { AlertsStack } from './stacks/alerts-stack.ts';
import { AuthStack } from './stacks/auth-stack.ts';
import { BotStack } from './stacks/bot-stack.ts';
import { BridgeStack } from './stacks/bridge-stack.ts';
import { ChatSecretsStack } from './stacks/chat-secrets-stack.ts';
import { DataStack } from './stacks/data-stack.ts';
import { GatewayStack } from './stacks/gateway-stack.ts';
import { ObservabilityStack } from './stacks/observability-stack.ts';
import { RegistrySyncStack } from './stacks/registry-sync-stack.ts';
import { RuntimeStack } from './stacks/runtime-stack.ts';

export interface CentralOpsStacks {
  readonly data: DataStack;
  readonly secrets: ChatSecretsStack;
  readonly auth: AuthStack;
  readonly bridge: BridgeStack;
  readonly gateway: GatewayStack;
  readonly runtime: RuntimeStack;
  readonly bot: BotStack;
  readonly registrySync: RegistrySyncStack;
  readonly alerts: AlertsStack;
  readonly observability: ObservabilityStack;
}

/** Adds the central account's stacks to `app`, wired to each other (apply cdk-nag after: applyNag). */
export function addCentralOpsStacks(
  app: App,
  config: CentralOpsConfig,
  build: BuildReport,
): CentralOpsStacks {
  const env: Environment = { account: config.account, region: config.region };
  const prefix = stackPrefix(config);
  // Every alarm goes to one topic: the operator's, or the one the observability stack creates (by
  // name, so the stacks that come before it can route their alarms there).
  const alarmTopicArn =
    config.alarmTopicArn ??
    `arn:${Aws.PARTITION}:sns:${Aws.REGION}:${Aws.ACCOUNT_ID}:${alarmTopicName(config)}`;
  const common = {
    env,
    envName: config.envName,
    logRetentionDays: config.logRetentionDays,
    alarmTopicArn,
  };
  const { bundles } = build;

  const data = new DataStack(app, `${prefix}-Data`, { env, envName: config.envName });
  const { accounts, identities, channels, state, audit } = data.tables;
  const secrets = new ChatSecretsStack(app, `${prefix}-Secrets`, { env });

  const platforms = { settings: config.chatSettings, secrets: secrets.secrets };

  const auth = new AuthStack(app, `${prefix}-Auth`, {
    ...common,
    linkCallbackBundle: bundles['link-callback'],
    identitiesTable: identities,
    stateTable: state,
    platforms,
    groups: config.groups,
    idp: config.idp,
    allowedWorkspaces: config.allowedWorkspaces,
  });

  const bridge = new BridgeStack(app, `${prefix}-Bridge`, {
    ...common,
    bundle: bundles.bridge,
    accountsTable: accounts,
    orgId: config.orgId,
    roleName: bridgeRoleName(config),
    targetRoleName: config.targetRoleName,
    externalId: config.externalId,
    mcpEndpoint: config.mcpEndpoint,
  });

  const gateway = new GatewayStack(app, `${prefix}-Gateway`, {
    env,
    envName: config.envName,
    bridge: bridge.bridge.function,
  });

  const runtime = new RuntimeStack(app, `${prefix}-Runtime`, {
    env,
    envName: config.envName,
    bundle: bundles.agent,
    gateway: gateway.gateway,
    userPool: auth.userPool,
    accountsTable: accounts,
    channelsTable: channels,
    auditTable: audit,
    auditRetentionDays: config.auditRetentionDays,
    modelId: config.modelId,
  });

  const bot = new BotStack(app, `${prefix}-Bot`, {
    ...common,
    bundles,
    runtime: runtime.runtime,
    identitiesTable: identities,
    stateTable: state,
    accountsTable: accounts,
    channelsTable: channels,
    auditTable: audit,
    auditRetentionDays: config.auditRetentionDays,
    linkFlow: auth.linkFlow,
    platforms,
    allowedWorkspaces: config.allowedWorkspaces,
    ackConcurrency: config.ackConcurrency,
  });

  const registrySync = new RegistrySyncStack(app, `${prefix}-RegistrySync`, {
    ...common,
    bundle: bundles['registry-sync'],
    accountsTable: accounts,
    registryDir: path.resolve(REPO_ROOT, config.registryDir),
    roleName: registrySyncRoleName(config),
    orgId: config.orgId,
    targetRoleName: config.targetRoleName,
    externalId: config.externalId,
    managementAccountId: config.managementAccountId,
  });

  const alerts = new AlertsStack(app, `${prefix}-Alerts`, {
    ...common,
    envName: config.envName,
    routerBundle: bundles['alerts-router'],
    posterBundle: bundles['alerts-poster'],
    accountsTable: accounts,
    channelsTable: channels,
    stateTable: state,
    platforms,
    orgId: config.orgId,
    guardDutyMinSeverity: config.guardDutyMinSeverity,
  });

  const observability = new ObservabilityStack(app, `${prefix}-Observability`, {
    env,
    envName: config.envName,
    functions: {
      bridge: bridge.bridge,
      linkCallback: auth.linkCallback,
      registrySync: registrySync.sync,
      alertsRouter: alerts.router,
      alertsPoster: alerts.poster,
      ...Object.fromEntries(
        Object.entries(bot.platforms).flatMap(([platform, functions]) => [
          [`${platform}Ack`, functions.ack],
          [`${platform}Worker`, functions.worker],
        ]),
      ),
    },
    runtime: runtime.runtime,
    gateway: gateway.gateway,
    modelId: config.modelId,
    alarmTopicName: alarmTopicName(config),
    ...(config.alarmTopicArn ? { alarmTopicArn: config.alarmTopicArn } : {}),
  });

  const stacks = { data, secrets, auth, bridge, gateway, runtime, bot, registrySync, alerts, observability };
  return stacks;
}
