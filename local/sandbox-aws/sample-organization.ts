/**
 * Organizations for the sandbox: the sample one `npm start -- --organizations` syncs from (its rules
 * and overrides: registry-seed/sample-organization/), and generated ones of any size for the
 * pagination tests and bench/seed.ts.
 */
import type { SandboxOrganizationAccount, SandboxOrganizationOptions } from './types.ts';

/** The management account of both organizations (it reads them through CentralOpsOrganizationsRead). */
export const SAMPLE_MANAGEMENT_ACCOUNT_ID = '900000000000';

/**
 * Nested OUs: Workloads/Prod, Workloads/NonProd/{Staging,Dev}, Security, Infrastructure/Network,
 * Sandbox, an empty Suspended OU; one suspended and one closed account; one account whose
 * environment comes from its tag; one the member-role StackSet has not reached.
 */
export const SAMPLE_ORGANIZATION: SandboxOrganizationOptions = {
  managementAccountId: SAMPLE_MANAGEMENT_ACCOUNT_ID,
  managementAccountName: 'CentralOps Management',
  organizationalUnits: ['/Suspended'],
  accounts: [
    {
      id: '111111111111',
      name: 'Payments Prod',
      ouPath: '/Workloads/Prod',
      regions: ['us-east-1', 'us-west-2'],
      tags: { team: 'payments', 'cost-center': '1001' },
    },
    { id: '111111111112', name: 'Search Prod', ouPath: '/Workloads/Prod', tags: { team: 'search' } },
    {
      id: '121212121212',
      name: 'Data Platform Prod',
      ouPath: '/Workloads/Prod',
      tags: { team: 'data' },
      targetRoleMissing: true,
    },
    {
      id: '222222222222',
      name: 'Payments Staging',
      ouPath: '/Workloads/NonProd/Staging',
      tags: { team: 'payments' },
    },
    { id: '333333333333', name: 'Sandbox Dev', ouPath: '/Workloads/NonProd/Dev', tags: { team: 'platform' } },
    { id: '444444444444', name: 'Security Audit', ouPath: '/Security', tags: { team: 'security' } },
    { id: '444444444445', name: 'Log Archive', ouPath: '/Security', tags: { team: 'security' } },
    {
      id: '555555555555',
      name: 'Shared Services',
      ouPath: '/Infrastructure/Network',
      tags: { team: 'platform' },
    },
    {
      id: '666666666666',
      name: "Alice's Playground",
      ouPath: '/Sandbox',
      tags: { owner: 'alice', environment: 'dev' },
    },
    { id: '777777777777', name: 'Analytics (old)', ouPath: '/Workloads/Prod', state: 'SUSPENDED' },
    { id: '888888888888', name: 'Legacy Billing', ouPath: '/Workloads/Prod', state: 'CLOSED' },
  ],
};

/** Rules that give every account of generatedOrganization() an environment. */
export const GENERATED_ORGANIZATION_RULES = `organization:
  roleArn: arn:aws:iam::${SAMPLE_MANAGEMENT_ACCOUNT_ID}:role/CentralOpsOrganizationsRead
environment:
  tag: environment
ouRules:
  - path: /Workloads/Prod/**
    environment: prod
    regions: [us-east-1, us-west-2]
  - path: /Workloads/Staging/**
    environment: staging
  - path: /Workloads/Dev/**
    environment: dev
  - path: /Security
    environment: security
  - path: /
    ignore: true
defaults:
  environment: shared
  regions: [us-east-1]
`;

const STAGES = ['Prod', 'Staging', 'Dev'] as const;

/**
 * `count` member accounts (ids from 200000000000) spread over 3 stages × 10 teams of nested OUs,
 * `/Security` and `/Sandbox`, with team and cost-center tags; every 50th suspended, every 97th
 * closed, every 7th tagged with an environment of its own.
 */
export function generatedOrganization(count: number): SandboxOrganizationOptions {
  const accounts = Array.from({ length: count }, (_, i): SandboxOrganizationAccount => {
    const team = i % 10;
    const stage = STAGES[Math.floor(i / 10) % STAGES.length]!;
    const ouPath =
      i % 100 === 98 ? '/Security' : i % 100 === 99 ? '/Sandbox' : `/Workloads/${stage}/Team ${team}`;
    return {
      id: String(200_000_000_000 + i),
      name: `Team ${team} ${stage} ${i}`,
      ouPath,
      state: i % 97 === 96 ? 'CLOSED' : i % 50 === 49 ? 'SUSPENDED' : 'ACTIVE',
      tags: {
        team: `team-${team}`,
        'cost-center': String(1000 + (i % 7)),
        ...(i % 7 === 3 ? { environment: 'dev' } : {}),
      },
    };
  });
  return { managementAccountId: SAMPLE_MANAGEMENT_ACCOUNT_ID, accounts };
}
