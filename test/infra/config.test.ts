import { App, Stack } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '#common/errors.ts';
import { DEFAULT_GROUPS, loadConfig, PLACEHOLDER_ORG_ID } from '#infra/lib/config.ts';
import { modelArns } from '#infra/lib/stacks/runtime-stack.ts';

describe('loadConfig', () => {
  it('applies the documented defaults when no context is given', () => {
    // Act
    const config = loadConfig(new App().node);

    // Assess
    expect(config).toMatchObject({
      envName: 'dev',
      account: undefined,
      region: 'us-east-1',
      modelId: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
      orgId: PLACEHOLDER_ORG_ID,
      targetRoleName: 'CentralOpsTargetRole',
      externalId: undefined,
      allowedWorkspaces: [],
      idp: undefined,
      groups: DEFAULT_GROUPS,
      ackConcurrency: 20,
    });
  });

  it('reads the ack paths’ reserved concurrency, and refuses one that is not a whole number of 1 or more', () => {
    // Act
    const config = loadConfig(new App({ context: { ackConcurrency: '5' } }).node);

    // Assess
    expect(config.ackConcurrency).toBe(5);
    for (const bad of ['0', '2.5', 'many']) {
      expect(() => loadConfig(new App({ context: { ackConcurrency: bad } }).node)).toThrow(ConfigError);
    }
  });

  it('keeps audit records 400 days unless auditRetentionDays says, and refuses a retention that is not a number of days', () => {
    // Act
    const byDefault = loadConfig(new App().node);
    const config = loadConfig(new App({ context: { auditRetentionDays: '90' } }).node);

    // Assess
    expect(byDefault.auditRetentionDays).toBe(400);
    expect(config.auditRetentionDays).toBe(90);
    for (const bad of ['0', '-1', 'forever', 'Infinity']) {
      expect(() => loadConfig(new App({ context: { auditRetentionDays: bad } }).node)).toThrow(ConfigError);
    }
  });

  it('reads comma lists from the command line and arrays from cdk.json', () => {
    // Act
    const fromCli = loadConfig(new App({ context: { allowedWorkspaces: 'slack:T1, slack:T2 ,' } }).node);
    const fromJson = loadConfig(new App({ context: { groups: ['ops-all-readers'] } }).node);

    // Assess
    expect(fromCli.allowedWorkspaces).toEqual(['slack:T1', 'slack:T2']);
    expect(fromJson.groups).toEqual(['ops-all-readers']);
  });

  it('refuses an idp that is neither saml nor oidc', () => {
    // Prepare
    const app = new App({ context: { idp: '{"type":"ldap","name":"corp"}' } });

    // Act + Assess
    expect(() => loadConfig(app.node)).toThrow(ConfigError);
  });

  it('refuses to allow a Teams tenant when the Teams bot has no Entra app to verify its tokens', () => {
    // Prepare
    const app = new App({ context: { allowedWorkspaces: 'teams:00000000-0000-0000-0000-0000000000aa' } });

    // Act + Assess
    expect(() => loadConfig(app.node)).toThrow(/microsoftAppId and microsoftAppTenantId/);
  });

  it('reads an OIDC idp given as JSON on the command line', () => {
    // Prepare
    const idp = {
      type: 'oidc',
      name: 'corp',
      issuerUrl: 'https://id.example.com',
      clientId: 'c',
      clientSecretName: 's',
    };

    // Act
    const config = loadConfig(new App({ context: { idp: JSON.stringify(idp) } }).node);

    // Assess
    expect(config.idp).toEqual(idp);
  });
});

/** `arn:<partition><rest>` as CloudFormation renders it. */
function partitioned(rest: string) {
  return { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, rest]] };
}

describe('modelArns', () => {
  it('scopes a foundation model id to that model in the stack region', () => {
    // Prepare
    const stack = new Stack(new App(), 'S', { env: { region: 'eu-west-1', account: '123456789012' } });

    // Act
    const arns = modelArns(stack, 'anthropic.claude-sonnet-4-5-20250929-v1:0');

    // Assess
    expect(stack.resolve(arns)).toEqual([
      partitioned(':bedrock:eu-west-1::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0'),
    ]);
  });

  it('scopes an inference profile to the profile and its one foundation model', () => {
    // Prepare
    const stack = new Stack(new App(), 'S', { env: { region: 'eu-west-1', account: '123456789012' } });

    // Act
    const arns = modelArns(stack, 'eu.anthropic.claude-sonnet-4-5-20250929-v1:0');

    // Assess
    expect(stack.resolve(arns)).toEqual([
      partitioned(
        ':bedrock:eu-west-1:123456789012:inference-profile/eu.anthropic.claude-sonnet-4-5-20250929-v1:0',
      ),
      partitioned(':bedrock:*::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0'),
    ]);
  });
});
