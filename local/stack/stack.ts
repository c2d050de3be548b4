/**
 * The whole of CentralOps on one machine, for `npm start` and the end-to-end test: the real bot,
 * agent and bridge code wired together over loopback, with the local stand-ins for what cannot run
 * here. Every server listens on 127.0.0.1; ports are free ones unless `port` is given for the page.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { BedrockAgentCoreClient } from '@aws-sdk/client-bedrock-agentcore';
import type { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { DynamoAccountRegistry } from '#access/account-registry.ts';
import { CognitoUserDirectory, DynamoChannelPolicyReader } from '#access/index.ts';
import { type AgentServer, createAgentApp } from '#agent/src/app.ts';
import { McpGateway } from '#agent/src/gateway.ts';
import { AgentCoreMemory } from '#agent/src/memory/agentcore-memory.ts';
import { answerButtons, CHAT_ACTIONS } from '#bot/src/actions/index.ts';
import { type ActionPipeline, createActionPipeline } from '#bot/src/core/action-pipeline.ts';
import { DynamoAnsweredThreads } from '#bot/src/core/answered-threads.ts';
import { DynamoChannelMutes } from '#bot/src/core/channel-mutes.ts';
import { DynamoDedupe } from '#bot/src/core/dedupe.ts';
import { DynamoKeptAnswers } from '#bot/src/core/kept-answers.ts';
import { createPipeline, type Pipeline } from '#bot/src/core/pipeline.ts';
import { InProcessWorkDispatcher } from '#bot/src/core/work-dispatcher.ts';
import { DirectoryAccess } from '#bot/src/identity/access.ts';
import { IdentityService } from '#bot/src/identity/IdentityService.ts';
import { DynamoIdentityStore } from '#bot/src/identity/identity-store.ts';
import { LinkIssuer } from '#bot/src/identity/link-issuer.ts';
import { DynamoLinkStateStore } from '#bot/src/identity/link-state-store.ts';
import { WorkspaceAllowList } from '#bot/src/identity/workspaces.ts';
import { AgentRuntimeClient } from '#bot/src/runtime/agent-runtime-client.ts';
import { type AwsHandler, createSlackAckHandler } from '#bot/src/slack/ack-handler.ts';
import { startSlackSocketMode } from '#bot/src/slack/socket-mode.ts';
import { createSlackWebClient } from '#bot/src/slack/web-client.ts';
import type { SlackWork } from '#bot/src/slack/work.ts';
import { createSlackWorker } from '#bot/src/slack/worker-runner.ts';
import { createTeamsHandler, type TeamsHttpHandler } from '#bot/src/teams/ack-handler.ts';
import { createTeamsAdapter } from '#bot/src/teams/adapter.ts';
import { startTeamsLocalServer, type TeamsLocalServer } from '#bot/src/teams/local-server.ts';
import { createTeamsWorker } from '#bot/src/teams/worker-runner.ts';
import { loadConfig as loadBridgeConfig } from '#bridge/src/config.ts';
import { type BridgeHandler, createBridgeHandler } from '#bridge/src/handler.ts';
import { ConfigError } from '#common/errors.ts';
import { CHAT_PLATFORMS } from '#contracts/chat-platforms.ts';
import type { Identity } from '#contracts/registry.ts';
import {
  loadRegistryDir,
  type Registry,
  SAMPLE_ORGANIZATION_REGISTRY_DIR,
  SAMPLE_REGISTRY_DIR,
  type SeedProgress,
  type SeedReport,
  seedRegistry,
} from '#registry-seed/src/index.ts';
import { loadOrganizationDir } from '#registry-seed/src/organizations/load-organization-dir.ts';
import type { OrganizationSyncReport } from '#registry-seed/src/organizations/sync-organization.ts';
import { type FireRequest, type FireResult, fireSampleAlert } from '../alerts/fire.ts';
import { startLocalAlertNotifier } from '../alerts/notifier.ts';
import { startLocalCognito } from '../components/cognito.ts';
import { startLocalDynamoDB } from '../components/dynamodb.ts';
import { type SandboxAws, type SandboxOrganizationOptions, startSandboxAws } from '../sandbox-aws/index.ts';
import { type LocalGateway, startLocalGateway } from '../stand-ins/agentcore-gateway.ts';
import { startLocalAgentCoreMemory } from '../stand-ins/agentcore-memory.ts';
import { type BotConnector, startBotConnector } from '../stand-ins/bot-connector.ts';
import { asLambdaInvocation } from '../stand-ins/lambda-invocation.ts';
import { type SlackWebApi, startSlackWebApi } from '../stand-ins/slack-web-api.ts';
import { type ChatPageServer, startChatPageServer } from './chat-server.ts';
import { type LocalObservability, localObservability } from './observability.ts';
import { seedFromOrganization } from './organization-seed.ts';
import { sandboxBridgeHandler } from './sandbox-bridge.ts';

/** The local Slack app's signing secret: the chat page signs with it, the ack handler verifies it. */
export const LOCAL_SIGNING_SECRET = 'local-centralops-signing-secret';
export const LOCAL_SLACK_TEAM = 'T0CENTRAL';
export const LOCAL_TEAMS_TENANT = '00000000-0000-0000-0000-0000000000aa';

export interface LocalStackOptions {
  /** Registry directory. @default SAMPLE_REGISTRY_DIR, or SAMPLE_ORGANIZATION_REGISTRY_DIR with `organization` */
  readonly registryDir?: string;
  /**
   * Seed the accounts from this organization of the sandbox (`npm start -- --organizations`), with
   * registryDir's rules.yaml and overrides. @default undefined: accounts.yaml
   */
  readonly organization?: SandboxOrganizationOptions;
  /** Port of the chat page (and the Slack endpoint). @default 0, a free port */
  readonly port?: number;
  /** Seeding progress, for the start script's progress line. */
  readonly onSeedProgress?: (progress: SeedProgress) => void;
  /** Called as each component comes up. */
  readonly onComponent?: (component: StackComponent) => void;
  /** Real Bedrock for free-text questions (needs AWS credentials); otherwise `/ops` and plain phrasings only. @default undefined */
  readonly bedrock?: BedrockRuntimeClient;
  /**
   * Also connect to a real Slack workspace over Socket Mode with these settings (SLACK_APP_TOKEN,
   * SLACK_BOT_TOKEN, ALLOWED_WORKSPACES=slack:<team>); its users need identities in the registry.
   * @default undefined (the chat page only)
   */
  readonly slackSocketModeEnv?: NodeJS.ProcessEnv;
  /**
   * Real AWS for the bridge instead of the sandbox: STS and the AWS MCP Server through the SDK's
   * default credential chain, with this environment's bridge settings (AWS_REGION, AWS_MCP_ENDPOINT,
   * TARGET_ROLE_NAME, EXTERNAL_ID). The registry must then name your accounts (registryDir).
   * @default undefined: the sandbox AWS with the registry's accounts
   */
  readonly realAwsEnv?: NodeJS.ProcessEnv;
  /** Least time between two updates of a streamed Slack answer. @default 400 */
  readonly streamIntervalMs?: number;
  /** Timing marks (performance.now()) of the components' calls, for bench/e2e.ts. */
  readonly onTrace?: (mark: TraceMark) => void;
  /** @default SILENT */
  readonly logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'SILENT';
  /**
   * Audit records and metrics, as deployed: records in the audit table and, with
   * `observabilityDir`, their log lines and the EMF lines in files there. Off: neither (the
   * benches' comparison). @default true
   */
  readonly auditing?: boolean;
  /** Directory of the audit log lines and the EMF lines. @default none: memory only */
  readonly observabilityDir?: string;
}

export interface TraceMark {
  /** `bridge`: one Gateway → bridge Lambda invocation; `agent`: the bot's runtime call until the first byte of its SSE answer. */
  readonly component: 'bridge' | 'agent';
  readonly phase: 'start' | 'end';
  readonly at: number;
}

export interface StackComponent {
  readonly name: string;
  readonly url: string;
  readonly note?: string;
}

export interface LocalStack {
  /** The chat page. */
  readonly pageUrl: string;
  /** Where the page POSTs Slack's signed requests. */
  readonly slackEventsUrl: string;
  /** The Teams messaging endpoint (`…/api/messages`). */
  readonly teamsUrl: string;
  readonly components: readonly StackComponent[];
  readonly seed: SeedReport;
  /** The sync from the organization, with `organization`. */
  readonly organizationSync: OrganizationSyncReport | undefined;
  readonly registry: Registry;
  readonly slackApi: SlackWebApi;
  /** The agent's runtime server (`…/invocations`, `…/ping`), as `npm run ask` calls it. */
  readonly agentUrl: string;
  /** Cognito username → sub of the stack's users. */
  readonly subs: Readonly<Record<string, string>>;
  /** The sandbox AWS; undefined with realAwsEnv. */
  readonly sandbox: SandboxAws | undefined;
  readonly gateway: LocalGateway;
  /** The Bot Framework connector stand-in Teams alerts are posted to. */
  readonly teamsConnector: BotConnector;
  /** Fires a sample alert (`npm run alert`, the chat page's button); resolves once its deliveries are queued. */
  fireAlert(request: FireRequest): Promise<FireResult>;
  /** Where audit records and metrics go; undefined with `auditing: false`. */
  readonly observability: LocalObservability | undefined;
  /** Waits for every Slack and Teams worker run and every alert delivery started so far, and the audit writes they made. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

/** Users of the registry's identities, with the groups the registry pre-approved for them. */
function cognitoUsers(identities: readonly Identity[]) {
  const groups = new Map<string, Set<string>>();
  for (const identity of identities) {
    const set = groups.get(identity.cognitoUsername) ?? new Set<string>();
    for (const group of identity.groups ?? []) set.add(group);
    groups.set(identity.cognitoUsername, set);
  }
  return [...groups].map(([username, set]) => ({ username, groups: [...set] }));
}

export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const logger = new Logger({ serviceName: 'centralops-local', logLevel: options.logLevel ?? 'SILENT' });
  const components: StackComponent[] = [];
  const stops: (() => Promise<unknown>)[] = [];
  const up = (component: StackComponent) => {
    components.push(component);
    options.onComponent?.(component);
  };
  const stopAll = async () => {
    for (const stop of stops.splice(0).reverse()) await stop().catch(() => undefined);
  };

  try {
    if (options.organization && options.realAwsEnv) {
      throw new ConfigError(
        'The organization is the sandbox’s: real AWS syncs with npm run seed -- --from-organizations',
      );
    }
    const organizationFiles = options.organization
      ? await loadOrganizationDir(options.registryDir ?? SAMPLE_ORGANIZATION_REGISTRY_DIR)
      : undefined;
    const fileRegistry = organizationFiles
      ? undefined
      : await loadRegistryDir(options.registryDir ?? SAMPLE_REGISTRY_DIR);
    const identities =
      fileRegistry?.identities ?? organizationFiles?.references.identities?.data.identities ?? [];
    const [dynamo, cognito] = await Promise.all([
      startLocalDynamoDB(),
      startLocalCognito({ users: cognitoUsers(identities) }),
    ]);
    stops.push(
      () => dynamo.stop(),
      () => cognito.stop(),
    );
    up({ name: 'DynamoDB (dynalite)', url: dynamo.endpoint });
    up({ name: 'Cognito (cognito-local)', url: cognito.endpoint, note: `pool ${cognito.userPoolId}` });

    // Identities carry the Cognito sub, as they would once each user has linked.
    const subs = new Map(cognito.users.map((user) => [user.username, user.sub]));
    const linked = identities.map((identity) => ({
      ...identity,
      cognitoSub: subs.get(identity.cognitoUsername),
    }));
    let sandbox: SandboxAws | undefined;
    let organizationSync: OrganizationSyncReport | undefined;
    let registry: Registry;
    let seed: SeedReport;
    if (organizationFiles && options.organization) {
      const local = await startSandboxAws({ accounts: [], organization: options.organization });
      sandbox = local;
      stops.push(() => local.stop());
      organizationSync = await seedFromOrganization({
        sandbox,
        files: organizationFiles,
        identities: linked,
        documentClient: dynamo.documentClient,
        onProgress: options.onSeedProgress,
      });
      seed = organizationSync.seed;
      registry = {
        accounts: organizationSync.accounts,
        identities: linked,
        channels: organizationFiles.references.channels?.data.channels ?? [],
      };
    } else {
      registry = { ...fileRegistry!, identities: linked };
      seed = await seedRegistry(dynamo.documentClient, registry, { onProgress: options.onSeedProgress });
    }
    const observability =
      options.auditing === false
        ? undefined
        : localObservability({ documentClient: dynamo.documentClient, dir: options.observabilityDir });

    const trace = (component: TraceMark['component'], phase: TraceMark['phase']) =>
      options.onTrace?.({ component, phase, at: performance.now() });
    let bridgeHandler: BridgeHandler;
    if (options.realAwsEnv) {
      const config = loadBridgeConfig(options.realAwsEnv);
      bridgeHandler = createBridgeHandler({
        config,
        registry: new DynamoAccountRegistry({ client: dynamo.documentClient }),
        logger,
      });
      up({
        name: 'AWS (real STS + AWS MCP Server)',
        url: config.mcpEndpoint,
        note: `role ${config.targetRoleName}`,
      });
    } else {
      if (!sandbox) {
        const local = await startSandboxAws({
          accounts: registry.accounts.map(({ id, name, regions }) => ({ id, name, regions })),
        });
        sandbox = local;
        stops.push(() => local.stop());
      }
      up({
        name: `Sandbox AWS (STS${options.organization ? ', Organizations' : ''} + AWS MCP Server)`,
        url: sandbox.url,
      });
      bridgeHandler = sandboxBridgeHandler({ sandbox, documentClient: dynamo.documentClient, logger });
    }
    const gateway = await startLocalGateway({
      handler: async (event, context) => {
        trace('bridge', 'start');
        try {
          return await bridgeHandler(event, context);
        } finally {
          trace('bridge', 'end');
        }
      },
    });
    stops.push(() => gateway.stop());
    up({ name: 'AgentCore Gateway (local) → bridge', url: gateway.url });

    const toolGateway = new McpGateway({
      url: gateway.url,
      region: gateway.region,
      credentials: gateway.credentials,
    });
    stops.push(() => toolGateway.close());
    // Conversation memory as deployed: AgentCore Memory's events API, here its SigV4-checked stand-in.
    const memoryApi = await startLocalAgentCoreMemory();
    stops.push(() => memoryApi.stop());
    up({ name: 'AgentCore Memory (stand-in)', url: memoryApi.endpoint, note: memoryApi.memoryId });
    const memoryClient = new BedrockAgentCoreClient({
      endpoint: memoryApi.endpoint,
      region: memoryApi.region,
      credentials: memoryApi.credentials,
    });
    stops.push(async () => memoryClient.destroy());
    const agent: AgentServer = await createAgentApp({
      registry: new DynamoAccountRegistry({ client: dynamo.documentClient }),
      users: new CognitoUserDirectory({ client: cognito.client, userPoolId: cognito.userPoolId }),
      channels: new DynamoChannelPolicyReader({ client: dynamo.documentClient }),
      gateway: toolGateway,
      bedrock: options.bedrock,
      memory: new AgentCoreMemory({ client: memoryClient, memoryId: memoryApi.memoryId }),
      logger,
      ...(observability
        ? {
            audit: observability.auditLog,
            auditStore: observability.auditStore,
            metrics: observability.agentMetrics,
          }
        : {}),
    }).listen({ port: 0, host: '127.0.0.1' });
    stops.push(() => agent.close());
    up({
      name: 'Agent (AgentCore Runtime server)',
      url: `${agent.url}/invocations`,
      note: options.bedrock ? 'Bedrock: AWS' : 'no Bedrock: /ops and plain phrasings only',
    });

    const allowList = new WorkspaceAllowList([`slack:${LOCAL_SLACK_TEAM}`, `teams:${LOCAL_TEAMS_TENANT}`]);
    const directory = new CognitoUserDirectory({ client: cognito.client, userPoolId: cognito.userPoolId });
    const identity = new IdentityService({
      identities: new DynamoIdentityStore({ client: dynamo.documentClient }),
      directory,
      links: new LinkIssuer({
        states: new DynamoLinkStateStore({ client: dynamo.documentClient }),
        cognitoDomain: cognito.endpoint,
        clientId: cognito.clientId,
        callbackUrl: 'http://127.0.0.1/link/callback',
        stateSecret: 'local-link-state-secret-0123456789abcdef',
      }),
      allowedWorkspaces: allowList,
    });
    const agentClient = new AgentRuntimeClient({
      agentRuntimeUrl: `${agent.url}/invocations`,
      fetch: async (input, init) => {
        trace('agent', 'start');
        const response = await fetch(input, init);
        trace('agent', 'end');
        return response;
      },
    });
    const observers = observability
      ? { observers: { audit: observability.auditLog, metrics: observability.botMetrics } }
      : {};
    const keptAnswers = new DynamoKeptAnswers({ client: dynamo.documentClient });
    // The Mute button, run by the in-process workers, writes where the alert notifier reads.
    const channelMutes = new DynamoChannelMutes({ client: dynamo.documentClient });
    const threads = new DynamoAnsweredThreads({ client: dynamo.documentClient });
    const pipeline: Pipeline = createPipeline({
      identity,
      agent: agentClient,
      logger,
      answerButtons: answerButtons(keptAnswers),
      ...observers,
    });
    const actions: ActionPipeline = createActionPipeline({
      actions: CHAT_ACTIONS,
      identity,
      access: new DirectoryAccess({
        directory,
        channels: new DynamoChannelPolicyReader({ client: dynamo.documentClient }),
        registry: new DynamoAccountRegistry({ client: dynamo.documentClient }),
      }),
      questions: pipeline,
      keptAnswers,
      channelMutes,
      logger,
      ...observers,
    });
    if (observability) {
      up({ name: 'Audit records', url: observability.destinations.audit });
      up({ name: 'Metrics (EMF)', url: observability.destinations.metrics });
    }

    const slackApi = await startSlackWebApi({ teamId: LOCAL_SLACK_TEAM });
    stops.push(() => slackApi.stop());
    up({ name: 'Slack Web API (stand-in)', url: slackApi.url });
    const slackWorker = createSlackWorker({
      pipeline,
      actions,
      client: createSlackWebClient({ token: slackApi.token, apiUrl: slackApi.url }),
      logger,
      streamIntervalMs: options.streamIntervalMs ?? 400,
      threads,
    });
    const slackDispatcher = new InProcessWorkDispatcher<SlackWork>(slackWorker);
    const slackAck: AwsHandler = createSlackAckHandler({
      signingSecret: LOCAL_SIGNING_SECRET,
      allowList,
      dedupe: DynamoDedupe.for(CHAT_PLATFORMS.slack, 'ack', { client: dynamo.client }),
      threads,
      dispatcher: slackDispatcher,
      logger,
    });
    // Each request is one traced Lambda invocation; the worker it hands off to continues its trace.
    const slackHandler: AwsHandler = (event, context) =>
      asLambdaInvocation(undefined, () => slackAck(event, context));
    stops.push(() => slackDispatcher.idle());

    if (options.slackSocketModeEnv) {
      const socketMode = await startSlackSocketMode({
        env: options.slackSocketModeEnv,
        pipeline,
        actions,
        dedupe: DynamoDedupe.for(CHAT_PLATFORMS.slack, 'ack', { client: dynamo.client }),
        logger,
      });
      stops.push(() => socketMode.stop());
      up({ name: 'Slack Socket Mode', url: 'wss (apps.connections.open)', note: 'your real workspace' });
    }

    const teamsAdapter = createTeamsAdapter({ allowList });
    const teamsDispatcher = new InProcessWorkDispatcher(
      createTeamsWorker({ adapter: teamsAdapter, pipeline, actions, logger }),
    );
    const teamsAck: TeamsHttpHandler = createTeamsHandler({
      adapter: teamsAdapter,
      allowList,
      dedupe: DynamoDedupe.for(CHAT_PLATFORMS.teams, 'ack', { client: dynamo.client }),
      dispatcher: teamsDispatcher,
      logger,
    });
    // Each request runs as a traced Lambda invocation, as deployed.
    const teamsHandler: TeamsHttpHandler = (event) => asLambdaInvocation(undefined, () => teamsAck(event));
    const teams: TeamsLocalServer = await startTeamsLocalServer({ handler: teamsHandler });
    stops.push(
      () => teams.stop(),
      () => teamsDispatcher.idle(),
    );
    up({ name: 'Teams handler', url: teams.url, note: 'no app id: for the Agents Playground' });

    // One Teams serviceUrl for the chat page's Teams channel answers and for Teams alerts.
    const teamsConnector = await startBotConnector();
    stops.push(() => teamsConnector.stop());
    up({
      name: 'Teams connector (stand-in)',
      url: teamsConnector.serviceUrl,
      note: "where the Teams chat page's answers and Teams alerts go",
    });
    const alerts = startLocalAlertNotifier({
      dynamo,
      mutes: channelMutes,
      ...(observability ? { metrics: observability.botMetrics } : {}),
      logger,
      slack: createSlackWebClient({ token: slackApi.token, apiUrl: slackApi.url }),
      teams: { adapter: teamsAdapter, serviceUrl: teamsConnector.serviceUrl },
    });
    stops.push(() => alerts.idle());
    const fireAlert = (request: FireRequest) =>
      fireSampleAlert(request, { notifier: alerts, accounts: registry.accounts, sandbox });

    const page: ChatPageServer = await startChatPageServer({
      port: options.port ?? 0,
      slackHandler,
      slackApi,
      signingSecret: LOCAL_SIGNING_SECRET,
      teamId: LOCAL_SLACK_TEAM,
      registry,
      fireAlert,
      teams: { handler: teamsHandler, connector: teamsConnector, tenantId: LOCAL_TEAMS_TENANT, registry },
      audit: () => observability?.recent() ?? [],
    });
    stops.push(() => page.stop());
    up({ name: 'Slack handler', url: page.slackEventsUrl });
    up({ name: 'Chat page', url: page.url });
    up({ name: 'Chat page (Teams)', url: `${page.url}teams` });

    return {
      agentUrl: agent.url,
      subs: Object.fromEntries(subs),
      pageUrl: page.url,
      slackEventsUrl: page.slackEventsUrl,
      teamsUrl: teams.url,
      components,
      seed,
      organizationSync,
      registry,
      slackApi,
      sandbox,
      gateway,
      teamsConnector,
      fireAlert,
      observability,
      idle: async () => {
        await Promise.all([slackDispatcher.idle(), teamsDispatcher.idle(), alerts.idle()]);
        await observability?.auditLog.idle();
      },
      stop: async () => {
        await observability?.auditLog.idle();
        await stopAll();
      },
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
