import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHAT_PLATFORM_IDS } from '#contracts/chat-platforms.ts';
import {
  formatProblem,
  loadRegistryDir,
  parseRegistry,
  RegistryValidationError,
  SAMPLE_REGISTRY_DIR,
} from '#registry-seed/src/index.ts';

const ACCOUNTS = `accounts:
  - id: "111111111111"
    name: payments-prod
    aliases: [Prod, production]
    environment: prod
    regions: [us-east-1]
  - id: "333333333333"
    name: sandbox-dev
    aliases: [dev]
    environment: dev
    regions: [us-east-1]
`;

/** Every problem of a registry that must not load, as `file:line field: message`. */
function problemsOf(sources: Parameters<typeof parseRegistry>[0]): string[] {
  try {
    parseRegistry(sources);
  } catch (error) {
    if (error instanceof RegistryValidationError) return error.problems.map(formatProblem);
    throw error;
  }
  throw new Error('the registry loaded, but it should not have');
}

describe('parseRegistry', () => {
  it('loads the sample org with lower-cased aliases and defaults applied', async () => {
    // Act
    const registry = await loadRegistryDir(SAMPLE_REGISTRY_DIR);

    // Assess
    expect(registry.accounts.map((a) => a.id)).toEqual([
      '111111111111',
      '222222222222',
      '333333333333',
      '444444444444',
      '555555555555',
    ]);
    const prod = registry.accounts[0];
    expect(prod).toMatchObject({ name: 'payments-prod', environment: 'prod', enabled: true });
    expect(prod?.aliases).toEqual(['prod', 'production']);
    expect(prod?.regions).toEqual(['us-east-1', 'us-west-2']);
    expect(registry.identities).toContainEqual({
      platform: 'slack',
      workspaceId: 'T0CENTRAL',
      userId: 'U0BOB',
      cognitoUsername: 'bob',
      groups: ['ops-dev-readers', 'ops-staging-readers'],
    });
    expect(registry.channels.find((c) => c.channelId === 'C0DEV')?.allowedEnvironments).toEqual(['dev']);
  });

  it('lower-cases aliases and keeps an unquoted id with its leading zero', () => {
    // Prepare
    const accounts = `accounts:
  - id: 012345678901
    name: Legacy
    aliases: [OLD, old]
    environment: Legacy
    regions: [eu-west-1]
    tags: { cost-center: 1234 }
`;

    // Act
    const registry = parseRegistry({ accounts });

    // Assess
    expect(registry.accounts[0]).toEqual({
      id: '012345678901',
      name: 'Legacy',
      aliases: ['old'],
      environment: 'legacy',
      regions: ['eu-west-1'],
      enabled: true,
      tags: { 'cost-center': '1234' },
    });
  });

  it('refuses field errors naming file, line and field, all of them at once', () => {
    // Prepare
    const accounts = `accounts:
  - id: "111111111111"
    name: payments-prod
    environment: prod
    regions: [us-east-1]
  - id: "12345"
    name: bad one
    environment: prod
    regions: []
    enabled: "yes"
    enviroment: prod
`;

    // Act
    const problems = problemsOf({ accounts });

    // Assess
    expect(problems).toEqual([
      'accounts.yaml:6 accounts[1].id: must be 12 digits',
      'accounts.yaml:7 accounts[1].name: must be one word of letters, digits, ".", "_" or "-"',
      'accounts.yaml:9 accounts[1].regions: must list at least one region',
      'accounts.yaml:10 accounts[1].enabled: must be a boolean',
      'accounts.yaml:11 accounts[1].enviroment: unknown field',
    ]);
  });

  it('refuses a missing required field at the record that lacks it', () => {
    // Prepare
    const identities = `identities:
  - platform: slack
    workspaceId: T0CENTRAL
    userId: U0ALICE
  - platform: discord
    workspaceId: T0CENTRAL
    userId: U0BOB
    cognitoUsername: bob
`;

    // Act
    const problems = problemsOf({ accounts: ACCOUNTS, identities });

    // Assess
    expect(problems).toEqual([
      'identities.yaml:2 identities[0].cognitoUsername: is required',
      `identities.yaml:5 identities[1].platform: must be one of ${CHAT_PLATFORM_IDS.join(', ')}`,
    ]);
  });

  it('refuses an alias that would resolve to two accounts, and duplicate or look-alike ids', () => {
    // Prepare
    const accounts = `${ACCOUNTS}  - id: "111111111111"
    name: payments-prod-2
    aliases: [PROD, all, "222222222222"]
    environment: prod
    regions: [us-east-1]
`;

    // Act
    const problems = problemsOf({ accounts });

    // Assess
    expect(problems).toEqual([
      'accounts.yaml:12 accounts[2].id: duplicate id 111111111111 (first at accounts.yaml:2)',
      'accounts.yaml:14 accounts[2].aliases[0]: "prod" already names account 111111111111 (accounts.yaml:4); a name or alias must resolve to one account',
      'accounts.yaml:14 accounts[2].aliases[1]: "all" is reserved (it selects every account)',
      'accounts.yaml:14 accounts[2].aliases[2]: must not look like an account id',
    ]);
  });

  it('refuses field problems before cross-file checks, which need well-formed files', () => {
    // Prepare
    const identities = `identities:
  - platform: slack
    workspaceId: T0CENTRAL
    userId: U0ALICE
    cognitoUsername: alice
    groups: [ops-qa-readers, ops-account-999999999999-readers, admins]
  - platform: slack
    workspaceId: T0CENTRAL
    userId: U0ALICE
    cognitoUsername: alice2
`;
    const channels = `channels:
  - platform: slack
    workspaceId: T0CENTRAL
    channelId: C0DEV
    allowedEnvironments: [dev, qa]
    defaultAccount: payments-prod
  - platform: slack
    workspaceId: T0CENTRAL
    channelId: C0OPS
    allowedEnvironments: [prod]
    defaultAccount: nowhere
  - platform: teams
    workspaceId: not-a-guid
    channelId: "19:x@thread.tacv2"
    allowedEnvironments: [prod]
`;

    // Act
    const problems = problemsOf({ accounts: ACCOUNTS, identities, channels });

    // Assess
    expect(problems).toEqual(['channels.yaml:13 channels[2].workspaceId: must be a Teams tenant id (GUID)']);
  });

  it('refuses cross-file references once every file is well-formed', () => {
    // Prepare
    const identities = `identities:
  - platform: slack
    workspaceId: T0CENTRAL
    userId: U0ALICE
    cognitoUsername: alice
    groups: [ops-qa-readers, ops-account-999999999999-readers, admins]
  - platform: slack
    workspaceId: T0CENTRAL
    userId: U0ALICE
    cognitoUsername: alice2
`;
    const channels = `channels:
  - platform: slack
    workspaceId: T0CENTRAL
    channelId: C0DEV
    allowedEnvironments: [dev, qa]
    defaultAccount: payments-prod
  - platform: slack
    workspaceId: T0CENTRAL
    channelId: C0OPS
    allowedEnvironments: [prod]
    defaultAccount: nowhere
`;

    // Act
    const problems = problemsOf({ accounts: ACCOUNTS, identities, channels });

    // Assess
    expect(problems).toEqual([
      'identities.yaml:6 identities[0].groups[0]: names environment "qa", which no account has (known: dev, prod)',
      'identities.yaml:6 identities[0].groups[1]: names account 999999999999, which is not in accounts.yaml',
      'identities.yaml:6 identities[0].groups[2]: must be ops-all-readers, ops-<environment>-readers, ops-account-<id>-readers or ops-admins',
      'identities.yaml:9 identities[1].userId: duplicate identity slack#T0CENTRAL#U0ALICE (first at identities.yaml:2)',
      'channels.yaml:5 channels[0].allowedEnvironments[1]: unknown environment "qa" (known: dev, prod)',
      'channels.yaml:6 channels[0].defaultAccount: account payments-prod is in environment "prod", which this channel does not allow',
      'channels.yaml:11 channels[1].defaultAccount: no account has the id, name or alias "nowhere"',
    ]);
  });

  it('refuses YAML that does not parse (a repeated key) with its line', () => {
    // Act
    const problems = problemsOf({ accounts: 'accounts:\n  - id: "111111111111"\n    id: "222222222222"\n' });

    // Assess
    expect(problems).toEqual(['accounts.yaml:3: Map keys must be unique']);
  });

  it('refuses a directory without accounts.yaml', async () => {
    // Act
    const loading = loadRegistryDir(join(SAMPLE_REGISTRY_DIR, 'missing'));

    // Assess
    await expect(loading).rejects.toThrow(/accounts\.yaml: not found/);
  });

  it('reports every problem in the thrown message, one per line', async () => {
    // Prepare
    const accounts = (await readFile(join(SAMPLE_REGISTRY_DIR, 'accounts.yaml'), 'utf8')).replace(
      'id: "333333333333"',
      'id: "3333"',
    );

    // Act
    const parsing = () => parseRegistry({ accounts });

    // Assess
    expect(parsing).toThrow(
      /Registry is invalid \(1 problem\):\n {2}accounts\.yaml:\d+ accounts\[2\]\.id: must be 12 digits/,
    );
  });
});
