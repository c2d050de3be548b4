import { describe, expect, it } from 'vitest';
import { formatProblem, RegistryValidationError } from '#registry-seed/src/errors.ts';
import { parseOrganizationFiles } from '#registry-seed/src/organizations/parse-organization-files.ts';

function problems(sources: Parameters<typeof parseOrganizationFiles>[0]): string[] {
  try {
    parseOrganizationFiles(sources);
  } catch (error) {
    if (error instanceof RegistryValidationError) return error.problems.map(formatProblem);
    throw error;
  }
  return [];
}

const VALID_RULES = `organization:
  roleArn: arn:aws:iam::900000000000:role/CentralOpsOrganizationsRead
defaults:
  regions: [us-east-1]
`;

describe('Function: parseOrganizationFiles', () => {
  it('reads valid rules with their defaults and lower-cases mapped tag values', () => {
    // Act
    const { rules, overrides } = parseOrganizationFiles({
      rules: `${VALID_RULES}environment: { tag: env, values: { Production: PROD } }
ouRules:
  - { path: /Workloads/Prod/**, environment: Prod }
`,
    });

    // Assess
    expect(rules).toEqual({
      organization: { roleArn: 'arn:aws:iam::900000000000:role/CentralOpsOrganizationsRead' },
      environment: { tag: 'env', values: { production: 'prod' } },
      ouRules: [{ path: '/Workloads/Prod/**', environment: 'prod' }],
      defaults: { regions: ['us-east-1'] },
    });
    expect(overrides).toEqual([]);
  });

  it('refuses invalid rules, naming rules.yaml, the line and the field of every problem', () => {
    // Act
    const found = problems({
      rules: `organization:
  roleArn: arn:aws:iam::9000:role/x
ouRules:
  - path: Workloads/Prod
    environment: prod
  - path: /Work*loads
    environment: dev
  - path: /Sandbox
    environment: dev
    ignore: true
  - path: /Security
  - path: /Audit
    enviroment: security
defaults:
  regions: [moon-1]
`,
    });

    // Assess
    expect(found).toEqual([
      'rules.yaml:2 organization.roleArn: must be an IAM role ARN such as arn:aws:iam::123456789012:role/Name',
      'rules.yaml:4 ouRules[0].path: must be an OU path such as /Workloads/Prod, with * for one OU and ** for any depth',
      'rules.yaml:6 ouRules[1].path: must be an OU path such as /Workloads/Prod, with * for one OU and ** for any depth',
      'rules.yaml:10 ouRules[2].ignore: an ignore rule gives no environment or regions',
      'rules.yaml:11 ouRules[3].environment: is required (or ignore: true)',
      'rules.yaml:13 ouRules[4].enviroment: unknown field',
      'rules.yaml:12 ouRules[4].environment: is required (or ignore: true)',
      'rules.yaml:15 defaults.regions[0]: must be a region code such as us-east-1',
    ]);
  });

  it('refuses overrides with bad fields, and channels with bad fields, in one report', () => {
    // Act
    const found = problems({
      rules: VALID_RULES,
      accounts: `accounts:
  - id: "111111111111"
    aliases: [prod]
  - id: "22222"
  - id: "333333333333"
    name: prod
    regions: []
  - id: "111111111111"
    owner: someone
`,
      channels: `channels:
  - platform: slack
    workspaceId: T0CENTRAL
    channelId: X0BAD
    allowedEnvironments: [prod]
`,
    });

    // Assess: field problems first; names and aliases across overrides once the fields are valid
    expect(found).toEqual([
      'accounts.yaml:4 accounts[1].id: must be 12 digits',
      'accounts.yaml:7 accounts[2].regions: must list at least one region',
      'accounts.yaml:9 accounts[3].owner: unknown field',
      'channels.yaml:4 channels[0].channelId: must be a Slack channel id such as C0123ABCD',
    ]);
  });

  it('refuses a name or alias that two overrides claim, pointing at both', () => {
    // Act
    const found = problems({
      rules: VALID_RULES,
      accounts: `accounts:
  - id: "111111111111"
    aliases: [prod]
  - id: "333333333333"
    name: PROD
  - id: "111111111111"
`,
    });

    // Assess
    expect(found).toEqual([
      'accounts.yaml:5 accounts[1].name: "prod" already names account 111111111111 (accounts.yaml:3); a name or alias must resolve to one account',
      'accounts.yaml:6 accounts[2].id: duplicate id 111111111111 (first at accounts.yaml:2)',
    ]);
  });
});
