import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertSources } from '#contracts/alert-sources.ts';
import {
  BRIDGE_TARGET_NAME,
  type GatewaySchema,
  gatewayToolDefinitions,
} from '#contracts/bridge-tools/index.ts';
import { chatPlatforms } from '#contracts/chat-platforms.ts';
import { ORGANIZATION_EVENT_NAMES, ROLE_PROBE_IDENTITY } from '#contracts/registry-sync.ts';
import { TABLES, type TableKind } from '#contracts/tables.ts';
import { BUNDLE_FILE } from '#infra/lib/bundles.ts';
import { CentralOpsNagChecks } from '#infra/lib/nag.ts';
import { SAMPLE_ORGANIZATION_REGISTRY_DIR } from '#registry-seed/src/index.ts';
import {
  actionsOf,
  policyStatements,
  type StatementInTemplate,
  type SynthesizedApp,
  synthesizeApp,
} from './support/synth-app.ts';

const ORG_ID = 'o-abc123def456';
const CONTEXT = {
  envName: 'test',
  orgId: ORG_ID,
  externalId: 'centralops-external',
  allowedWorkspaces: 'slack:T0CENTRAL,teams:00000000-0000-0000-0000-0000000000aa',
  microsoftAppId: '11111111-1111-1111-1111-111111111111',
  microsoftAppTenantId: '00000000-0000-0000-0000-0000000000aa',
};

const execFileAsync = promisify(execFile);

let synth: SynthesizedApp;

// The real esbuild bundles are built once here: generous, since 2 shared cores can make it slow.
beforeAll(async () => {
  synth = await synthesizeApp(CONTEXT);
}, 180_000);

afterAll(async () => {
  await synth?.cleanup();
});

/** A secret of the Secrets stack, as another stack receives it: an import of its ARN. */
function importedSecret(logicalIdPrefix: string) {
  return { 'Fn::ImportValue': Match.stringLikeRegexp(`-Secrets:ExportsOutputRef${logicalIdPrefix}`) };
}

function allStatements() {
  return synth.allTemplates.flatMap((template) => policyStatements(template));
}

/** Statements on the state table (its ARN is imported from the data stack). */
function stateTableStatements(): StatementInTemplate[] {
  return allStatements().filter(({ statement }) =>
    /ExportsOutputFnGetAttStateTable\w*Arn/.test(JSON.stringify(statement.Resource)),
  );
}

interface FunctionResource {
  readonly Properties: {
    readonly Environment: { readonly Variables: Record<string, unknown> };
    readonly ReservedConcurrentExecutions?: number;
  };
}

/** The one Lambda function whose logical id starts with `name` (`SlackAck`, `LinkCallback`…), in any stack. */
function functionNamed(name: string): FunctionResource {
  const found = synth.allTemplates.flatMap((template) =>
    Object.entries((template.Resources ?? {}) as Record<string, FunctionResource & { Type: string }>).filter(
      ([logicalId, resource]) =>
        resource.Type === 'AWS::Lambda::Function' && logicalId.startsWith(`${name}Function`),
    ),
  );
  expect(found).toHaveLength(1);
  return found[0]![1];
}

/** Logical ids of the roles that hold an Allow on `action`, across every stack. */
function rolesAllowed(action: string): string[] {
  return allStatements()
    .filter(({ statement }) => statement.Effect === 'Allow' && actionsOf(statement).includes(action))
    .flatMap(({ roles }) => roles.map((role) => role.Ref ?? JSON.stringify(role)));
}

describe('CentralOps app: least privilege', () => {
  it('grants no `*` or `<service>:*` action anywhere', () => {
    // Act
    const wildcards = allStatements()
      .flatMap(({ logicalId, statement }) => actionsOf(statement).map((action) => ({ logicalId, action })))
      .filter(({ action }) => action === '*' || action.endsWith(':*'));

    // Assess
    expect(wildcards).toEqual([]);
  });

  it('lets only the bot workers invoke the agent runtime, for themselves or for a user', () => {
    // Act
    const invoke = rolesAllowed('bedrock-agentcore:InvokeAgentRuntime');
    const invokeForUser = rolesAllowed('bedrock-agentcore:InvokeAgentRuntimeForUser');

    // Assess
    for (const roles of [invoke, invokeForUser]) {
      expect(roles.map((role) => role.replace(/FunctionServiceRole\w*$/, '')).sort()).toEqual(
        chatPlatforms()
          .map((platform) => `${platform.name}Worker`)
          .sort(),
      );
    }
  });

  it('lets only the agent runtime invoke the Gateway', () => {
    // Act
    const roles = rolesAllowed('bedrock-agentcore:InvokeGateway');

    // Assess
    expect(roles).toHaveLength(1);
    expect(roles[0]).toMatch(/^AgentExecutionRole/);
  });

  it('lets only the agent runtime, the link callback and the bot workers read the user directory', () => {
    // Act
    const roles = [
      'cognito-idp:AdminGetUser',
      'cognito-idp:AdminListGroupsForUser',
      'cognito-idp:ListUsers',
    ].map((action) => rolesAllowed(action).sort());

    // Assess
    for (const holders of roles) {
      expect(holders).toEqual(
        [
          'AgentExecutionRole',
          'LinkCallbackFunctionServiceRole',
          ...chatPlatforms().map((platform) => `${platform.name}WorkerFunctionServiceRole`),
        ]
          .sort()
          .map((role) => expect.stringMatching(new RegExp(`^${role}`))),
      );
    }
  });

  it('lets only the Teams worker, the alert poster and the link callback read the Entra app password, never the Teams ack path', () => {
    // Act
    const roles = allStatements()
      .filter(
        ({ statement }) =>
          statement.Effect === 'Allow' &&
          actionsOf(statement).includes('secretsmanager:GetSecretValue') &&
          JSON.stringify(statement.Resource).includes('ExportsOutputRefMicrosoftAppPassword'),
      )
      .flatMap(({ roles }) => roles.map((role) => role.Ref ?? JSON.stringify(role)))
      .sort();

    // Assess
    expect(roles).toEqual([
      expect.stringMatching(/^AlertsPosterFunctionServiceRole/),
      expect.stringMatching(/^LinkCallbackFunctionServiceRole/),
      expect.stringMatching(/^TeamsWorkerFunctionServiceRole/),
    ]);
    expect(functionNamed('TeamsAck').Properties.Environment.Variables).not.toHaveProperty(
      'MICROSOFT_APP_PASSWORD_SECRET_ID',
    );
  });

  const DEDUPE = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'];
  const KEEP = ['dynamodb:PutItem', 'dynamodb:GetItem'];
  it.each([
    [
      'SlackAck',
      [
        [DEDUPE, ['dedupe#slack#*']],
        [['dynamodb:GetItem'], ['thread#*']],
      ],
    ],
    ['TeamsAck', [[DEDUPE, ['dedupe#teams#*']]]],
    [
      'SlackWorker',
      [
        [DEDUPE, ['dedupe#slack-worker#*']],
        [['dynamodb:PutItem'], ['link#*']],
        [['dynamodb:PutItem'], ['mute#*']],
        [KEEP, ['answer#*', 'thread#*']],
      ],
    ],
    [
      'TeamsWorker',
      [
        [DEDUPE, ['dedupe#teams-worker#*']],
        [['dynamodb:PutItem'], ['link#*']],
        [['dynamodb:PutItem'], ['mute#*']],
        [KEEP, ['answer#*', 'thread#*']],
      ],
    ],
    ['LinkCallback', [[['dynamodb:GetItem', 'dynamodb:UpdateItem'], ['link#*']]]],
    ['AlertsRouter', [[DEDUPE, ['dedupe#alerts#*']]]],
    [
      'AlertsPoster',
      [
        [
          ['dynamodb:GetItem', 'dynamodb:PutItem'],
          ['alert#*', 'mute#*'],
        ],
        [DEDUPE, ['dedupe#alerts-poster#*']],
      ],
    ],
  ])('gives %s only %j (actions, on keys under) on the state table', (name, grants) => {
    // Act
    const statements = stateTableStatements().filter(({ roles }) =>
      roles.some((role) => role.Ref?.startsWith(`${name}FunctionServiceRole`)),
    );

    // Assess
    expect(
      statements.map(({ statement }) => [
        actionsOf(statement),
        (statement.Condition as { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': string[] } })[
          'ForAllValues:StringLike'
        ]['dynamodb:LeadingKeys'],
      ]),
    ).toEqual(grants);
  });

  it('lets no function read the state table beyond its own records: link nonces, kept answers, answered threads, alert threads and mutes', () => {
    // Act
    const reads = stateTableStatements().filter(({ statement }) =>
      actionsOf(statement).some((action) => /dynamodb:(GetItem|BatchGetItem|Query|Scan|\*)/.test(action)),
    );
    const scopes = reads.map(({ roles, statement }) => [
      roles.map((role) => role.Ref).join(),
      (statement.Condition as { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': string[] } })[
        'ForAllValues:StringLike'
      ]['dynamodb:LeadingKeys'],
    ]);

    // Assess: no scan, no query, and never a dedupe record or another function's keys
    expect(
      reads.every(({ statement }) => !actionsOf(statement).some((a) => /Query|Scan|BatchGetItem|\*/.test(a))),
    ).toBe(true);
    expect(scopes).toEqual(
      expect.arrayContaining([[expect.stringMatching(/^LinkCallbackFunctionServiceRole/), ['link#*']]]),
    );
    for (const [role, keys] of scopes) {
      if (/Ack/.test(role as string)) expect(keys).toEqual(['thread#*']);
      if (/Worker/.test(role as string)) expect(keys).toEqual(['answer#*', 'thread#*']);
      if (/AlertsPoster/.test(role as string)) expect(keys).toEqual(['alert#*', 'mute#*']);
    }
    expect(scopes).toHaveLength(5);
    expect(stateTableStatements().every(({ statement }) => statement.Condition !== undefined)).toBe(true);
  });

  it('lets only the bridge assume member roles, and the registry sync only as its probe identity', () => {
    // Act
    const assumers = (template: Template) =>
      policyStatements(template.toJSON()).filter(
        ({ statement }) => statement.Effect === 'Allow' && actionsOf(statement).includes('sts:AssumeRole'),
      );
    const elsewhere = Object.entries(synth.templates)
      .filter(([key]) => key !== 'bridge' && key !== 'registrySync')
      .flatMap(([, template]) => assumers(template));
    const [bridgeAssume] = assumers(synth.templates.bridge);
    const syncAssumes = assumers(synth.templates.registrySync);
    const roleName = (template: Template, logicalId: string) =>
      template.toJSON().Resources[logicalId].Properties.RoleName;

    // Assess
    expect(elsewhere).toEqual([]);
    expect(roleName(synth.templates.bridge, bridgeAssume!.roles[0]!.Ref!)).toBe('centralops-test-bridge');
    const probe = syncAssumes.find(({ statement }) => statement.Sid === 'ProbeMemberTargetRole');
    expect(probe?.statement.Condition).toEqual({
      StringEquals: {
        'aws:ResourceOrgID': ORG_ID,
        'sts:SourceIdentity': ROLE_PROBE_IDENTITY,
        'sts:RoleSessionName': ROLE_PROBE_IDENTITY,
      },
    });
    expect(syncAssumes.map(({ statement }) => statement.Sid).sort()).toEqual([
      'ProbeMemberTargetRole',
      'ReadOrganization',
    ]);
  });
});

describe('DataStack', () => {
  it.each(Object.keys(TABLES) as TableKind[])('declares the %s table from contracts/tables.ts', (kind) => {
    // Prepare
    const definition = TABLES[kind];

    // Assess
    synth.templates.data.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: kind === 'state' ? 'Delete' : 'Retain',
      Properties: Match.objectLike({
        TableName: `${definition.defaultName}-test`,
        KeySchema: [
          { AttributeName: definition.partitionKey.name, KeyType: 'HASH' },
          ...('sortKey' in definition ? [{ AttributeName: definition.sortKey.name, KeyType: 'RANGE' }] : []),
        ],
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true },
        ...(definition.globalSecondaryIndexes.length > 0
          ? {
              GlobalSecondaryIndexes: definition.globalSecondaryIndexes.map((index) =>
                Match.objectLike({
                  IndexName: index.indexName,
                  KeySchema: [
                    { AttributeName: index.partitionKey.name, KeyType: 'HASH' },
                    ...('sortKey' in index ? [{ AttributeName: index.sortKey.name, KeyType: 'RANGE' }] : []),
                  ],
                }),
              ),
            }
          : {}),
        ...('timeToLiveAttribute' in definition
          ? { TimeToLiveSpecification: { AttributeName: definition.timeToLiveAttribute, Enabled: true } }
          : {}),
      }),
    });
  });
});

describe('AuthStack', () => {
  it('creates the default reader groups and the audit readers', () => {
    // Assess
    for (const group of [
      'ops-all-readers',
      'ops-prod-readers',
      'ops-dev-readers',
      'ops-shared-readers',
      'ops-admins',
    ]) {
      synth.templates.auth.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: group });
    }
    synth.templates.auth.resourceCountIs('AWS::Cognito::UserPoolGroup', 7);
  });

  it('gives the link flow a public client using the authorization code flow, back to the callback route', () => {
    // Assess
    synth.templates.auth.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      CallbackURLs: [Match.objectLike({ 'Fn::Join': ['', Match.arrayWith(['/link/callback'])] })],
    });
    for (const method of ['GET', 'POST']) {
      synth.templates.auth.hasResourceProperties('AWS::ApiGatewayV2::Route', {
        RouteKey: `${method} /link/callback`,
      });
    }
    synth.templates.auth.resourceCountIs('AWS::Cognito::UserPoolDomain', 1);
  });

  it('gives the callback its settings and the state secret by reference, never by value', () => {
    // Assess
    synth.templates.auth.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          USER_POOL_ID: Match.anyValue(),
          COGNITO_DOMAIN: Match.anyValue(),
          LINK_CLIENT_ID: Match.anyValue(),
          LINK_CALLBACK_URL: Match.anyValue(),
          LINK_STATE_SECRET_SECRET_ID: { Ref: Match.stringLikeRegexp('^LinkStateSecret') },
          // Only to confirm a new link in Slack; the callback runs without it (Teams-only installs).
          SLACK_BOT_TOKEN_SECRET_ID: importedSecret('SlackBotToken'),
          // Only to confirm a new link in Teams; the callback runs without them (Slack-only installs).
          MICROSOFT_APP_ID: CONTEXT.microsoftAppId,
          MICROSOFT_APP_TENANT_ID: CONTEXT.microsoftAppTenantId,
          MICROSOFT_APP_PASSWORD_SECRET_ID: importedSecret('MicrosoftAppPassword'),
          IDENTITIES_TABLE: Match.anyValue(),
          STATE_TABLE: Match.anyValue(),
        }),
      },
    });
  });
});

describe('BridgeStack', () => {
  it('allows AssumeRole and SetSourceIdentity only on the target role name, inside the organization', () => {
    // Act
    const assume = policyStatements(synth.templates.bridge.toJSON()).filter(({ statement }) =>
      actionsOf(statement).some((action) => action.startsWith('sts:')),
    );

    // Assess
    expect(assume).toHaveLength(1);
    expect(assume[0]!.statement).toEqual({
      Sid: 'AssumeMemberTargetRole',
      Effect: 'Allow',
      Action: ['sts:AssumeRole', 'sts:SetSourceIdentity'],
      Resource: {
        'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::*:role/CentralOpsTargetRole']],
      },
      Condition: { StringEquals: { 'aws:ResourceOrgID': ORG_ID } },
    });
  });

  it('runs the bridge bundle on Node.js 22, arm64, with the registry table and the ExternalId', () => {
    // Assess
    synth.templates.bridge.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      Environment: {
        Variables: Match.objectLike({
          ACCOUNTS_TABLE: Match.anyValue(),
          TARGET_ROLE_NAME: 'CentralOpsTargetRole',
          EXTERNAL_ID: 'centralops-external',
          AWS_MCP_ENDPOINT: 'https://aws-mcp.us-east-1.api.aws/mcp',
        }),
      },
    });
  });
});

/** The bridge tools as CloudFormation renders an inline tool schema (PascalCase keys). */
function cfnSchema(schema: GatewaySchema): Record<string, unknown> {
  return {
    Type: schema.type,
    ...(schema.description !== undefined ? { Description: schema.description } : {}),
    ...(schema.properties
      ? {
          Properties: Object.fromEntries(
            Object.entries(schema.properties).map(([name, value]) => [name, cfnSchema(value)]),
          ),
        }
      : {}),
    ...(schema.required ? { Required: [...schema.required] } : {}),
    ...(schema.items ? { Items: cfnSchema(schema.items) } : {}),
  };
}

describe('GatewayStack', () => {
  it('registers exactly the bridge tools on the bridge target', () => {
    // Prepare
    const expected = gatewayToolDefinitions().map((tool) => ({
      Name: tool.name,
      Description: tool.description,
      InputSchema: cfnSchema(tool.inputSchema),
    }));

    // Assess
    synth.templates.gateway.hasResourceProperties('AWS::BedrockAgentCore::GatewayTarget', {
      Name: BRIDGE_TARGET_NAME,
      TargetConfiguration: { Mcp: { Lambda: { ToolSchema: { InlinePayload: expected } } } },
    });
  });

  it('speaks MCP with IAM inbound auth and semantic search', () => {
    // Assess
    synth.templates.gateway.hasResourceProperties('AWS::BedrockAgentCore::Gateway', {
      AuthorizerType: 'AWS_IAM',
      ProtocolType: 'MCP',
      ProtocolConfiguration: { Mcp: Match.objectLike({ SearchType: 'SEMANTIC' }) },
    });
  });
});

describe('RuntimeStack', () => {
  it('deploys the agent bundle as a Node.js 22 code asset with its settings', () => {
    // Assess
    synth.templates.runtime.hasResourceProperties('AWS::BedrockAgentCore::Runtime', {
      AgentRuntimeArtifact: {
        CodeConfiguration: Match.objectLike({ Runtime: 'NODE_22', EntryPoint: [BUNDLE_FILE] }),
      },
      EnvironmentVariables: Match.objectLike({
        ACCOUNTS_TABLE: Match.anyValue(),
        CHANNELS_TABLE: Match.anyValue(),
        GATEWAY_URL: Match.anyValue(),
        USER_POOL_ID: Match.anyValue(),
        MODEL_ID: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
        MEMORY_ID: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ConversationMemory'), 'MemoryId'] },
      }),
    });
  });

  it('keeps conversations in an AgentCore Memory of short-term events that expire after 30 days', () => {
    // Assess
    synth.templates.runtime.hasResourceProperties('AWS::BedrockAgentCore::Memory', {
      Name: 'centralops_test_conversations',
      EventExpiryDuration: 30,
    });
    expect(JSON.stringify(synth.templates.runtime.toJSON())).not.toContain('MemoryStrategies');
  });

  it('lets only the agent runtime read, write and delete conversation events, and set channel policies', () => {
    // Act
    const byAction = Object.fromEntries(
      [
        'bedrock-agentcore:CreateEvent',
        'bedrock-agentcore:ListEvents',
        'bedrock-agentcore:DeleteEvent',
        'bedrock-agentcore:RetrieveMemoryRecords',
      ].map((action) => [action, rolesAllowed(action)]),
    );
    const channelWriters = allStatements().filter(
      ({ statement }) =>
        actionsOf(statement).includes('dynamodb:PutItem') &&
        JSON.stringify(statement.Resource).includes('ChannelsTable'),
    );

    // Assess
    for (const action of ['CreateEvent', 'ListEvents', 'DeleteEvent']) {
      expect(byAction[`bedrock-agentcore:${action}`]).toEqual([
        expect.stringMatching(/^AgentServiceRole|^Agent/),
      ]);
    }
    expect(byAction['bedrock-agentcore:RetrieveMemoryRecords']).toEqual([]);
    expect(
      channelWriters.flatMap(({ roles }) => roles.map((role) => role.Ref ?? JSON.stringify(role))),
    ).toEqual([expect.stringMatching(/^Agent/)]);
  });

  it('streams from the configured model and inference profile only', () => {
    // Act
    const bedrock = policyStatements(synth.templates.runtime.toJSON()).filter(({ statement }) =>
      actionsOf(statement).some((action) => action.startsWith('bedrock:')),
    );

    // Assess
    expect(bedrock).toHaveLength(1);
    expect(actionsOf(bedrock[0]!.statement)).toEqual(['bedrock:InvokeModelWithResponseStream']);
    expect(JSON.stringify(bedrock[0]!.statement.Resource)).toContain(
      ':inference-profile/us.anthropic.claude-sonnet-4-5-20250929-v1:0',
    );
    expect(JSON.stringify(bedrock[0]!.statement.Resource)).toContain(
      ':bedrock:*::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0',
    );
  });

  it('reads users and groups of its own user pool only', () => {
    // Act
    const cognito = policyStatements(synth.templates.runtime.toJSON()).filter(({ statement }) =>
      actionsOf(statement).some((action) => action.startsWith('cognito-idp:')),
    );

    // Assess
    expect(cognito).toHaveLength(1);
    expect(actionsOf(cognito[0]!.statement).sort()).toEqual([
      'cognito-idp:AdminGetUser',
      'cognito-idp:AdminListGroupsForUser',
      'cognito-idp:ListUsers',
    ]);
    expect(JSON.stringify(cognito[0]!.statement.Resource)).toMatch(
      /CentralOps-test-Auth:ExportsOutputFnGetAttUsers\w+Arn/,
    );
  });
});

/** Every chat platform's construct name (Slack, Teams, …): the Bot stack has one ack path and one worker each. */
const PLATFORMS = chatPlatforms().map((platform) => platform.name);

describe('ChatSecretsStack', () => {
  it('creates the platform secrets empty, for the operator to fill', () => {
    // Assess
    synth.templates.secrets.resourceCountIs(
      'AWS::SecretsManager::Secret',
      chatPlatforms().flatMap((platform) => platform.secrets).length,
    );
    const secrets = synth.templates.secrets.findResources('AWS::SecretsManager::Secret');
    for (const secret of Object.values(secrets)) {
      expect(secret.Properties).not.toHaveProperty('GenerateSecretString');
      expect(secret.Properties).not.toHaveProperty('SecretString');
    }
  });
});

describe('BotStack', () => {
  it('exposes each platform ack path through a Function URL the platform calls unauthenticated', () => {
    // Assess
    synth.templates.bot.resourceCountIs('AWS::Lambda::Url', PLATFORMS.length);
    synth.templates.bot.allResourcesProperties('AWS::Lambda::Url', { AuthType: 'NONE' });
  });

  it('hands each ack path its worker and the workers the runtime, the allow-list and secrets by reference', () => {
    // Assess
    synth.templates.bot.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          WORKER_FUNCTION_NAME: { Ref: Match.stringLikeRegexp('^SlackWorkerFunction') },
          SLACK_SIGNING_SECRET_SECRET_ID: importedSecret('SlackSigningSecret'),
        }),
      },
    });
    synth.templates.bot.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          AGENT_RUNTIME_ARN: Match.anyValue(),
          ALLOWED_WORKSPACES: CONTEXT.allowedWorkspaces,
          SLACK_BOT_TOKEN_SECRET_ID: importedSecret('SlackBotToken'),
        }),
      },
    });
    synth.templates.bot.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          WORKER_FUNCTION_NAME: { Ref: Match.stringLikeRegexp('^TeamsWorkerFunction') },
          MICROSOFT_APP_ID: CONTEXT.microsoftAppId,
          MICROSOFT_APP_TENANT_ID: CONTEXT.microsoftAppTenantId,
        }),
      },
    });
    synth.templates.bot.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          AGENT_RUNTIME_ARN: Match.anyValue(),
          MICROSOFT_APP_ID: CONTEXT.microsoftAppId,
          MICROSOFT_APP_PASSWORD_SECRET_ID: importedSecret('MicrosoftAppPassword'),
        }),
      },
    });
  });

  it.each([
    ['SlackAck', 20],
    ['TeamsAck', 20],
    ['LinkCallback', 5],
  ])('reserves (and caps) the concurrency of the public function %s at %i', (name, concurrency) => {
    // Assess
    expect(functionNamed(name).Properties.ReservedConcurrentExecutions).toBe(concurrency);
  });

  it('sends the failed invocations of each worker to an encrypted queue, without retries, and alarms on its depth', () => {
    // Assess
    synth.templates.bot.resourceCountIs('AWS::SQS::Queue', PLATFORMS.length);
    synth.templates.bot.allResourcesProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true });
    for (const worker of PLATFORMS.map((name) => `${name}Worker`)) {
      synth.templates.bot.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
        FunctionName: { Ref: Match.stringLikeRegexp(`^${worker}Function`) },
        MaximumRetryAttempts: 0,
        MaximumEventAgeInSeconds: 900,
        DestinationConfig: {
          OnFailure: {
            Destination: { 'Fn::GetAtt': [Match.stringLikeRegexp(`^${worker}FailureQueue`), 'Arn'] },
          },
        },
      });
      synth.templates.bot.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Namespace: 'AWS/SQS',
        Dimensions: [
          {
            Name: 'QueueName',
            Value: { 'Fn::GetAtt': [Match.stringLikeRegexp(`^${worker}FailureQueue`), 'QueueName'] },
          },
        ],
        Threshold: 1,
      });
    }
  });

  it('alarms on errors and throttles of every function', () => {
    // Assess
    synth.templates.bot.resourceCountIs('AWS::Lambda::Function', 2 * PLATFORMS.length);
    // Errors and throttles of an ack path and a worker per platform, and each worker's failure queue.
    synth.templates.bot.resourceCountIs('AWS::CloudWatch::Alarm', 5 * PLATFORMS.length);
    synth.templates.bot.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Throttles',
      Threshold: 1,
    });
  });
});

describe('RegistrySyncStack', () => {
  const registrySync = () => synth.templates.registrySync;

  it('runs the registry-sync bundle with the rules and overrides of registryDir deployed beside it', async () => {
    // Prepare
    const fn = functionNamed('Sync');
    const s3Key = (fn.Properties as unknown as { Code: { S3Key: string } }).Code.S3Key;
    const assetDir = path.join(synth.app.outdir, `asset.${s3Key.replace(/\.zip$/, '')}`);

    // Act
    const [rules, overrides, sampleRules] = await Promise.all([
      readFile(path.join(assetDir, 'registry/rules.yaml'), 'utf8'),
      readFile(path.join(assetDir, 'registry/accounts.yaml'), 'utf8'),
      readFile(path.join(SAMPLE_ORGANIZATION_REGISTRY_DIR, 'rules.yaml'), 'utf8'),
    ]);

    // Assess
    expect(rules).toBe(sampleRules);
    expect(overrides).toContain('payments-prod');
    await expect(readFile(path.join(assetDir, BUNDLE_FILE), 'utf8')).resolves.toBeTruthy();
    expect(fn.Properties.Environment.Variables).toMatchObject({
      ACCOUNTS_TABLE: expect.anything(),
      TARGET_ROLE_NAME: 'CentralOpsTargetRole',
      EXTERNAL_ID: 'centralops-external',
    });
    registrySync().hasResourceProperties('AWS::Lambda::Function', { Timeout: 900, Runtime: 'nodejs22.x' });
  });

  it('assumes only the role rules.yaml names to read the organization, and only scans and batch-writes the accounts table', () => {
    // Act
    const statements = policyStatements(registrySync().toJSON()).map(({ statement }) => statement);
    const read = statements.find((statement) => statement.Sid === 'ReadOrganization');
    const table = statements.filter((statement) =>
      actionsOf(statement).some((a) => a.startsWith('dynamodb:')),
    );

    // Assess
    expect(read).toMatchObject({
      Action: 'sts:AssumeRole',
      Resource: 'arn:aws:iam::900000000000:role/CentralOpsOrganizationsRead',
    });
    expect(table).toHaveLength(1);
    expect(actionsOf(table[0]!)).toEqual(['dynamodb:Scan', 'dynamodb:BatchWriteItem']);
    expect(JSON.stringify(table[0]!.Resource)).toMatch(/ExportsOutputFnGetAttAccountsTable\w*Arn/);
  });

  it('queues the daily schedule and the organization events, one sync per batch, failures dead-lettered', () => {
    // Assess
    registrySync().hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 day)',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Triggers'), 'Arn'] } })],
    });
    registrySync().hasResourceProperties('AWS::Events::Rule', {
      EventBusName: { Ref: Match.stringLikeRegexp('^OrganizationEvents') },
      EventPattern: {
        source: ['aws.organizations'],
        'detail-type': ['AWS API Call via CloudTrail', 'AWS Service Event via CloudTrail'],
        detail: {
          eventSource: ['organizations.amazonaws.com'],
          eventName: [...ORGANIZATION_EVENT_NAMES],
        },
      },
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Triggers'), 'Arn'] } })],
    });
    registrySync().hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BatchSize: 100,
      MaximumBatchingWindowInSeconds: 60,
      ScalingConfig: { MaximumConcurrency: 2 },
    });
    registrySync().hasResourceProperties('AWS::SQS::Queue', {
      VisibilityTimeout: 5400,
      SqsManagedSseEnabled: true,
      RedrivePolicy: Match.objectLike({ maxReceiveCount: 3 }),
    });
    registrySync().hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [
        {
          Name: 'QueueName',
          Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DeadLetterQueue'), 'QueueName'] },
        },
      ],
    });
  });

  it('lets only the management account of rules.yaml put events on the organization-events bus', () => {
    // Assess
    registrySync().hasResourceProperties('AWS::Events::EventBus', {
      Name: 'centralops-test-organization-events',
    });
    registrySync().resourceCountIs('AWS::Events::EventBusPolicy', 1);
    registrySync().hasResourceProperties('AWS::Events::EventBusPolicy', {
      Statement: Match.objectLike({
        Effect: 'Allow',
        Action: 'events:PutEvents',
        Principal: {
          AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::900000000000:root']] },
        },
      }),
    });
  });
});

describe('AlertsStack', () => {
  const resourcesOf = (type: string) =>
    Object.entries(synth.templates.alerts.findResources(type)) as [
      string,
      { Properties: Record<string, unknown> },
    ][];

  it('admits only the organization to its bus', () => {
    // Act
    const policies = resourcesOf('AWS::Events::EventBusPolicy');

    // Assess
    expect(policies.map(([, policy]) => policy.Properties.Statement)).toEqual([
      {
        Sid: 'cdk-OrganizationPutsEvents',
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: 'events:PutEvents',
        Resource: { 'Fn::GetAtt': [expect.stringMatching(/^Bus/), 'Arn'] },
        Condition: { StringEquals: { 'aws:PrincipalOrgID': ORG_ID } },
      },
    ]);
  });

  it('has a rule per source on that bus, each invoking the router with retries and a dead-letter queue', () => {
    // Act
    const rules = resourcesOf('AWS::Events::Rule')
      .filter(([id]) => !id.startsWith('OwnAlarmsRule'))
      .map(([, rule]) => rule.Properties);

    // Assess
    expect(rules.map((rule) => rule.EventPattern)).toEqual(alertSources().map((source) => source.pattern()));
    for (const rule of rules) {
      expect(rule.EventBusName).toEqual({ Ref: expect.stringMatching(/^Bus/) });
      expect(rule.Targets).toEqual([
        expect.objectContaining({
          Arn: { 'Fn::GetAtt': [expect.stringMatching(/^AlertsRouterFunction/), 'Arn'] },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [expect.stringMatching(/^RuleDeadLetters/), 'Arn'] } },
          RetryPolicy: { MaximumEventAgeInSeconds: 86_400, MaximumRetryAttempts: 185 },
        }),
      ]);
    }
  });

  it("routes CentralOps' own alarms from the central account's default bus to the router, and no other alarm", () => {
    // Act
    const [, own] = resourcesOf('AWS::Events::Rule').find(([id]) => id.startsWith('OwnAlarmsRule'))!;

    // Assess: every central stack (and so every alarm CloudFormation names in it) starts CentralOps-<env>-
    expect(own.Properties.EventBusName).toBeUndefined();
    expect(own.Properties.EventPattern).toEqual({
      source: ['aws.cloudwatch'],
      'detail-type': ['CloudWatch Alarm State Change'],
      detail: { alarmName: [{ prefix: 'CentralOps-test-' }] },
    });
    expect(Object.values(synth.stacks).every((stack) => stack.stackName.startsWith('CentralOps-test-'))).toBe(
      true,
    );
    expect(own.Properties.Targets).toEqual([
      expect.objectContaining({
        Arn: { 'Fn::GetAtt': [expect.stringMatching(/^AlertsRouterFunction/), 'Arn'] },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [expect.stringMatching(/^RuleDeadLetters/), 'Arn'] } },
      }),
    ]);
  });

  it('queues deliveries on an encrypted FIFO queue the poster reads with partial batch failures, dead letters alarmed', () => {
    // Act
    const queues = resourcesOf('AWS::SQS::Queue');
    const deliveries = queues.find(([id]) => id.startsWith('Deliveries'))![1].Properties;
    const [, mapping] = resourcesOf('AWS::Lambda::EventSourceMapping')[0]!;
    const alarmed = resourcesOf('AWS::CloudWatch::Alarm').map(([, alarm]) =>
      JSON.stringify(alarm.Properties.Dimensions),
    );

    // Assess
    expect(deliveries).toMatchObject({
      FifoQueue: true,
      SqsManagedSseEnabled: true,
      RedrivePolicy: { maxReceiveCount: 10 },
    });
    expect(mapping.Properties).toMatchObject({
      FunctionName: { Ref: expect.stringMatching(/^AlertsPosterFunction/) },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    for (const name of ['RuleDeadLetters', 'DeliveryDeadLetters']) {
      expect(alarmed.some((dimensions) => dimensions.includes(name))).toBe(true);
    }
  });
});

describe('cdk-nag AwsSolutions', () => {
  it('reports no finding that is not accepted with a reason', () => {
    // Act
    const findings = new CentralOpsNagChecks().unaccepted(synth.app);

    // Assess
    expect(findings).toEqual([]);
  });

  it('reports the findings when none are accepted', () => {
    // Act
    const findings = new CentralOpsNagChecks([]).unaccepted(synth.app);

    // Assess
    expect(findings.map((finding) => finding.finding)).toContain(
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:iam::*:role/CentralOpsTargetRole]',
    );
  });
});

describe('cdk-nag with a concrete account and region (as docs/deploy.md synthesizes)', () => {
  it('reports no finding that is not accepted with a reason', async () => {
    // Prepare
    const concrete = await synthesizeApp(
      { ...CONTEXT, account: '123456789012', region: 'eu-west-1' },
      synth.build,
    );

    // Act
    const findings = new CentralOpsNagChecks().unaccepted(concrete.app);
    await concrete.cleanup();

    // Assess
    expect(findings).toEqual([]);
    expect(concrete.stacks.bot.account).toBe('123456789012');
    expect(concrete.stacks.bot.region).toBe('eu-west-1');
  }, 120_000);
});

describe('scripts/build.ts bundles', () => {
  it('builds every Lambda bundle as an ES module exporting handler, or reports its entry point missing', async () => {
    // Prepare
    const lambdas = Object.values(synth.build.bundles).filter((bundle) => bundle.name !== 'agent');
    const built = lambdas.filter((bundle) => bundle.status === 'built');
    const script = `const out = {}; for (const [name, url] of ${JSON.stringify(
      built.map((bundle) => [bundle.name, pathToFileURL(path.join(bundle.dir, BUNDLE_FILE)).href]),
    )}) out[name] = typeof (await import(url)).handler; console.log(JSON.stringify(out));`;

    // Act: plain node, as Lambda loads them (vitest's transform would take longer than the test)
    const { stdout } = await execFileAsync(process.execPath, ['--input-type=module', '-e', script], {
      env: { PATH: process.env.PATH, AWS_REGION: 'us-east-1' },
    });

    // Assess
    expect(JSON.parse(stdout)).toEqual(Object.fromEntries(built.map((bundle) => [bundle.name, 'function'])));
    expect([...synth.build.missing].sort()).toEqual(
      lambdas
        .filter((bundle) => bundle.status === 'missing')
        .map((bundle) => bundle.name)
        .sort(),
    );
  });
});
