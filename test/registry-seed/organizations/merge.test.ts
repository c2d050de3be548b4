import { describe, expect, it } from 'vitest';
import { mergeOrganization, registryName } from '#registry-seed/src/organizations/merge.ts';
import { parseOrganizationFiles } from '#registry-seed/src/organizations/parse-organization-files.ts';
import type { OrganizationAccount } from '#registry-seed/src/organizations/read-organization.ts';

const ROLE = 'arn:aws:iam::900000000000:role/CentralOpsOrganizationsRead';

/** rules.yaml with these OU rules (and an environment tag rule), accounts.yaml with these overrides. */
function files(ouRules: string, overrides = 'accounts: []', extra = '') {
  return parseOrganizationFiles({
    rules: `organization: { roleArn: ${ROLE} }
environment: { tag: Environment, values: { production: prod } }
ouRules:
${ouRules}
defaults:
  regions: [us-east-1]
${extra}`,
    accounts: overrides,
  });
}

function account(id: string, ouPath: string, fields: Partial<OrganizationAccount> = {}): OrganizationAccount {
  return { id, name: `Account ${id.slice(-2)}`, state: 'ACTIVE', ouPath, tags: {}, ...fields };
}

describe('Function: mergeOrganization', () => {
  describe('OU-path rules', () => {
    const rules = files(`  - { path: /Workloads/Prod/**, environment: prod, regions: [us-east-1, us-west-2] }
  - { path: /Workloads/*/Staging, environment: staging }
  - { path: /workloads/**, environment: dev }
  - { path: /, ignore: true }`);

    it.each([
      ['/Workloads/Prod', 'prod', ['us-east-1', 'us-west-2']],
      ['/Workloads/Prod/Payments/Team A', 'prod', ['us-east-1', 'us-west-2']],
      ['/Workloads/NonProd/Staging', 'staging', ['us-east-1']],
      ['/Workloads/NonProd/Staging/Deep', 'dev', ['us-east-1']],
      ['/WORKLOADS/Sandbox', 'dev', ['us-east-1']],
    ])(
      'gives an account in %s the environment %s of the first rule that matches',
      (ouPath, environment, regions) => {
        // Act
        const { accounts } = mergeOrganization([account('100000000001', ouPath)], rules);

        // Assess
        expect(accounts).toEqual([expect.objectContaining({ environment, regions })]);
      },
    );

    it('leaves out an account an ignore rule matches, and one no rule or default gives an environment', () => {
      // Act
      const { accounts, leftOut } = mergeOrganization(
        [account('100000000001', '/'), account('100000000002', '/Security')],
        rules,
      );

      // Assess
      expect(accounts).toEqual([]);
      expect(leftOut).toEqual([
        { id: '100000000001', name: 'Account 01', ouPath: '/', reason: 'ignored by ouRules[3] (/)' },
        {
          id: '100000000002',
          name: 'Account 02',
          ouPath: '/Security',
          reason: 'no tag, OU rule or default gives it an environment',
        },
      ]);
    });

    it('gives the default environment to an account no rule matches', () => {
      // Prepare
      const withDefault = files('  - { path: /Prod, environment: prod }', 'accounts: []').rules;

      // Act
      const { accounts } = mergeOrganization([account('100000000001', '/Elsewhere')], {
        rules: { ...withDefault, defaults: { ...withDefault.defaults, environment: 'shared' } },
        overrides: [],
      });

      // Assess
      expect(accounts[0]?.environment).toBe('shared');
    });
  });

  describe('tag rule', () => {
    const rules = files(`  - { path: /Workloads/**, environment: dev }
  - { path: /, ignore: true }`);

    it('takes the environment from the tag (any case of its key, mapped values) before the OU rules', () => {
      // Act
      const { accounts } = mergeOrganization(
        [
          account('100000000001', '/Workloads/X', { tags: { environment: 'Staging' } }),
          account('100000000002', '/Workloads/X', { tags: { ENVIRONMENT: 'production' } }),
          account('100000000003', '/', { tags: { Environment: 'shared' } }),
        ],
        rules,
      );

      // Assess: the tag even beats an ignore rule
      expect(accounts.map((a) => [a.id, a.environment])).toEqual([
        ['100000000001', 'staging'],
        ['100000000002', 'prod'],
        ['100000000003', 'shared'],
      ]);
    });

    it('notes a tag value that is no environment word and falls back to the OU rules', () => {
      // Act
      const { accounts, notes } = mergeOrganization(
        [account('100000000001', '/Workloads/X', { tags: { Environment: 'Prod Env' } })],
        rules,
      );

      // Assess
      expect(accounts[0]?.environment).toBe('dev');
      expect(notes).toEqual([
        '100000000001: tag Environment="Prod Env" names no environment (a lower-case word); OU rules decide',
      ]);
    });
  });

  describe('YAML overrides', () => {
    const rules = files(
      '  - { path: /Workloads/**, environment: dev, regions: [us-west-2] }',
      `accounts:
  - id: "100000000001"
    name: payments-prod
    aliases: [prod]
    environment: prod
    regions: [eu-west-1]
    description: Payments, production
    tags: { team: payments-core, tier: critical }
  - id: "100000000002"
    enabled: false
  - id: "999999999999"
    aliases: [gone]`,
    );

    it('lets what accounts.yaml says win over the organization, field by field', () => {
      // Act
      const { accounts } = mergeOrganization(
        [
          account('100000000001', '/Workloads/X', {
            name: 'Payments Production',
            tags: { team: 'payments', Environment: 'staging', owner: 'ana' },
          }),
          account('100000000002', '/Workloads/X'),
        ],
        rules,
      );

      // Assess
      expect(accounts).toEqual([
        {
          id: '100000000001',
          name: 'payments-prod',
          aliases: ['prod'],
          environment: 'prod',
          regions: ['eu-west-1'],
          enabled: true,
          description: 'Payments, production',
          tags: { team: 'payments-core', Environment: 'staging', owner: 'ana', tier: 'critical' },
        },
        {
          id: '100000000002',
          name: 'account-02',
          aliases: [],
          environment: 'dev',
          regions: ['us-west-2'],
          enabled: false,
          description: 'Account 02 in /Workloads/X',
          tags: {},
        },
      ]);
    });

    it('notes an override of an account the organization does not have, with its file and line', () => {
      // Act
      const { notes } = mergeOrganization(
        [account('100000000001', '/Workloads/X'), account('100000000002', '/Workloads/X')],
        rules,
      );

      // Assess
      expect(notes).toEqual([
        'accounts.yaml:11: account 999999999999 is not in the organization; its override is unused',
      ]);
    });
  });

  describe('account states', () => {
    const rules = files(
      '  - { path: /Workloads/**, environment: dev }',
      'accounts:\n  - { id: "100000000002", enabled: true }',
    );

    it.each(['SUSPENDED', 'PENDING_CLOSURE', 'CLOSED', 'PENDING_ACTIVATION', 'UNKNOWN'])(
      'registers a %s account disabled, whatever accounts.yaml says',
      (state) => {
        // Act
        const { accounts } = mergeOrganization(
          [account('100000000001', '/Workloads/X'), account('100000000002', '/Workloads/X', { state })],
          rules,
        );

        // Assess
        expect(accounts.map((a) => [a.id, a.enabled])).toEqual([
          ['100000000001', true],
          ['100000000002', false],
        ]);
      },
    );
  });

  describe('names', () => {
    it.each([
      ['Payments Prod', 'payments-prod'],
      ["Alice's Playground", 'alices-playground'],
      ['Analytics (old)', 'analytics-old'],
      ['Équipe Données', 'equipe-donnees'],
      ['  --Shared__Services--  ', 'shared__services'],
      ['123456789012', 'account-100000000001'],
      ['!!!', 'account-100000000001'],
    ])('makes %j the registry name %j', (name, expected) => {
      // Act + Assess
      expect(registryName(name, '100000000001')).toBe(expected);
    });

    it('suffixes every account whose name another account or accounts.yaml already takes, whatever the order', () => {
      // Prepare
      const rules = files(
        '  - { path: /**, environment: dev }',
        'accounts:\n  - { id: "100000000009", aliases: [billing] }',
      );
      const organization = [
        account('100000000001', '/A', { name: 'Sandbox' }),
        account('200000000001', '/A', { name: 'sandbox' }),
        account('100000000003', '/A', { name: 'Billing' }),
        account('100000000004', '/A', { name: 'All' }),
        account('100000000009', '/A', { name: 'Ledger' }),
      ];

      // Act
      const forward = mergeOrganization(organization, rules);
      const backward = mergeOrganization([...organization].reverse(), rules);

      // Assess
      const names = (accounts: typeof forward.accounts) =>
        Object.fromEntries(accounts.map((a) => [a.id, a.name]));
      expect(names(forward.accounts)).toEqual({
        '100000000001': 'sandbox-0001',
        '200000000001': 'sandbox-200000000001',
        '100000000003': 'billing-0003',
        '100000000004': 'all-0004',
        '100000000009': 'ledger',
      });
      expect(names(backward.accounts)).toEqual(names(forward.accounts));
      expect(forward.notes).toContain(
        '"billing" would name 100000000003, but it is taken: named billing-0003',
      );
    });
  });
});
