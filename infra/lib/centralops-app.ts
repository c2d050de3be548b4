import path from 'node:path';
import type { App, Environment } from 'aws-cdk-lib';
import { type BuildReport, REPO_ROOT } from './bundles.ts';
import { bridgeRoleName, type CentralOpsConfig, registrySyncRoleName } from './config.ts';
import { AuthStack } from './stacks/auth-stack.ts';
import { BotStack } from './stacks/bot-stack.ts';
import { BridgeStack } from './stacks/bridge-stack.ts';
import { ChatSecretsStack } from './stacks/chat-secrets-stack.ts';
import { DataStack } from './stacks/data-stack.ts';
import { GatewayStack } from './stacks/gateway-stack.ts';
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
}

/** Adds the central account's stacks to `app`, wired to each other (apply cdk-nag after: applyNag). */
export function addCentralOpsStacks(
  app: App,
  config: CentralOpsConfig,
  build: BuildReport,
): CentralOpsStacks {
  const env: Environment = { account: config.account, region: config.region };
  const prefix = `CentralOps-${config.envName}`;
  const common = {
    env,
    envName: config.envName,
    logRetentionDays: config.logRetentionDays,
    alarmTopicArn: config.alarmTopicArn,
  };
  const { bundles } = build;

  const data = new DataStack(app, `${prefix}-Data`, { env, envName: config.envName });
  const { accounts, identities, channels, state } = data.tables;
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

  const stacks = { data, secrets, auth, bridge, gateway, runtime, bot, registrySync };
  return stacks;
}
