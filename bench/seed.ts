/**
 * Seed throughput: 5,000 generated accounts into dynalite (accounts/s) with 4 batches in flight
 * and, side by side, with 1; then the idempotent second run (reads and diffs, writes nothing).
 * Then a 5,000-account organization synced from the sandbox: time by phase and calls by API, the
 * idempotent second run, and the calls the OU paths would cost read the other way.
 * Run: npx tsx bench/seed.ts [count] [organization accounts]
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DescribeOrganizationalUnitCommand,
  ListParentsCommand,
  type OrganizationsClient,
  paginateListAccounts,
} from '@aws-sdk/client-organizations';
import pLimit from 'p-limit';
import { DEFAULT_TARGET_ROLE_NAME } from '#contracts/environment.ts';
import { startLocalDynamoDB } from '#local/components/dynamodb.ts';
import { generateRegistry } from '#local/generate-registry.ts';
import { type SandboxAws, startSandboxAws } from '#local/sandbox-aws/index.ts';
import {
  GENERATED_ORGANIZATION_RULES,
  generatedOrganization,
} from '#local/sandbox-aws/sample-organization.ts';
import { seedRegistry } from '#registry-seed/src/index.ts';
import { createSyncClients } from '#registry-seed/src/organizations/clients.ts';
import { formatCalls } from '#registry-seed/src/organizations/format-sync-report.ts';
import { loadOrganizationDir } from '#registry-seed/src/organizations/load-organization-dir.ts';
import { syncOrganization } from '#registry-seed/src/organizations/sync-organization.ts';

const count = Number(process.argv[2] ?? 5_000);
const registry = generateRegistry(count);
const rate = (n: number, ms: number) => Math.round((n / ms) * 1000);

async function run(concurrency: number) {
  const db = await startLocalDynamoDB();
  try {
    const first = await seedRegistry(db.documentClient, registry, { concurrency });
    const second = await seedRegistry(db.documentClient, registry, { concurrency });
    return { first, second };
  } finally {
    await db.stop();
  }
}

console.log(`seed ${count} generated accounts into dynalite (BatchWriteItem, 25 items per batch)`);
const serial = await run(1);
const parallel = await run(4);
for (const [label, { first, second }] of [
  ['1 batch in flight ', serial],
  ['4 batches in flight', parallel],
] as const) {
  console.log(
    `  ${label}: first run ${first.written} written in ${first.durationMs.toFixed(0)} ms = ${rate(first.written, first.durationMs)} accounts/s; ` +
      `second run ${second.written} written in ${second.durationMs.toFixed(0)} ms (idempotent)`,
  );
}
console.log(
  `  speed-up of 4 in flight over 1: ${(serial.first.durationMs / parallel.first.durationMs).toFixed(2)}x`,
);
console.log(
  `  second run / first run time (4 in flight): ${(parallel.second.durationMs / parallel.first.durationMs).toFixed(2)}`,
);

// --- The registry following AWS Organizations: a 5,000-account organization synced from the sandbox.

const orgCount = Number(process.argv[3] ?? 5_000);
/** Per Organizations call, a round trip to us-east-1 (the sandbox answers in well under 1 ms). */
const ORGANIZATIONS_LATENCY_MS = 20;

/** Calls by API as a client sends them (one per attempt), counted with a middleware. */
function countCalls(
  client: { middlewareStack: OrganizationsClient['middlewareStack'] },
  counts: Record<string, number>,
) {
  client.middlewareStack.add(
    (next, context) => (args) => {
      counts[context.commandName ?? '?'] = (counts[context.commandName ?? '?'] ?? 0) + 1;
      return next(args);
    },
    { step: 'finalizeRequest', name: 'benchCallCounter' },
  );
}

/** The calls the sandbox served, by operation (every attempt, throttled ones included). */
function served(aws: SandboxAws): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const call of aws.calls.organizations) counts[call.operation] = (counts[call.operation] ?? 0) + 1;
  for (const call of aws.calls.sts) counts[`sts:${call.action}`] = (counts[`sts:${call.action}`] ?? 0) + 1;
  return counts;
}

const total = (counts: Readonly<Record<string, number>>) => Object.values(counts).reduce((a, b) => a + b, 0);

/**
 * The OU paths the other way: ListAccounts, then ListParents for every account and
 * DescribeOrganizationalUnit + ListParents for every OU met, 8 in flight (as the sync reads).
 */
async function readWithListParents(client: OrganizationsClient): Promise<number> {
  const limit = pLimit(8);
  const accounts: string[] = [];
  for await (const page of paginateListAccounts({ client, pageSize: 20 }, {}))
    accounts.push(...(page.Accounts ?? []).map((account) => account.Id!));
  const ous = new Map<string, Promise<string>>();
  const pathOf = (id: string): Promise<string> => {
    if (!ous.has(id)) {
      // The calls take a slot; the parent's path is awaited outside it, so no slot waits on another.
      const described = limit(() =>
        Promise.all([
          client.send(new DescribeOrganizationalUnitCommand({ OrganizationalUnitId: id })),
          client.send(new ListParentsCommand({ ChildId: id })),
        ]),
      );
      ous.set(
        id,
        described.then(async ([{ OrganizationalUnit }, { Parents }]) => {
          const parent = Parents![0]!;
          return `${parent.Type === 'ROOT' ? '' : await pathOf(parent.Id!)}/${OrganizationalUnit!.Name}`;
        }),
      );
    }
    return ous.get(id)!;
  };
  const paths = await Promise.all(
    accounts.map(async (id) => {
      const { Parents } = await limit(() => client.send(new ListParentsCommand({ ChildId: id })));
      const parent = Parents![0]!;
      return parent.Type === 'ROOT' ? '/' : pathOf(parent.Id!);
    }),
  );
  return paths.length;
}

async function organizationBench() {
  const db = await startLocalDynamoDB();
  const aws = await startSandboxAws({ accounts: [], organization: generatedOrganization(orgCount) });
  const dir = await mkdtemp(join(tmpdir(), 'bench-org-'));
  try {
    aws.setOrganizationsLatency(ORGANIZATIONS_LATENCY_MS);
    await writeFile(join(dir, 'rules.yaml'), GENERATED_ORGANIZATION_RULES);
    const files = await loadOrganizationDir(dir);
    const explicit = {
      credentials: aws.centralCredentials,
      endpoints: { organizations: aws.url, sts: aws.stsEndpoint },
    };
    const dynamoCalls: Record<string, number> = {};
    countCalls(db.documentClient, dynamoCalls);

    const run = async () => {
      aws.resetCalls();
      for (const key of Object.keys(dynamoCalls)) delete dynamoCalls[key];
      const clients = createSyncClients(files.rules.organization, 'us-east-1', explicit);
      try {
        const report = await syncOrganization({
          files,
          clients,
          documentClient: db.documentClient,
          roleCheck: { roleName: DEFAULT_TARGET_ROLE_NAME },
        });
        return { report, served: served(aws), dynamo: { ...dynamoCalls } };
      } finally {
        clients.destroy();
      }
    };
    const first = await run();
    const second = await run();

    // The other way to OU paths, on the same organization and latency (tags left out of both).
    aws.resetCalls();
    const reader = createSyncClients(files.rules.organization, 'us-east-1', explicit);
    const startedAt = performance.now();
    await readWithListParents(reader.organizations);
    const listParentsMs = performance.now() - startedAt;
    const listParentsCalls = served(aws);
    reader.destroy();

    const treeWalk = Object.fromEntries(
      Object.entries(first.report.read.calls).filter(([operation]) => operation !== 'ListTagsForResource'),
    );
    const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
    console.log(
      `\nsync a ${orgCount.toLocaleString('en')}-account organization from the sandbox (${ORGANIZATIONS_LATENCY_MS} ms per Organizations call, 8 in flight; STS probes 16 in flight) into dynalite`,
    );
    for (const [label, { report, served: calls, dynamo }] of [
      ['first run ', first],
      ['second run', second],
    ] as const) {
      const roleMs = report.durationMs - report.read.durationMs - report.seed.durationMs;
      console.log(
        `  ${label}: ${seconds(report.durationMs)} = read ${seconds(report.read.durationMs)} + seed ${seconds(report.seed.durationMs)} (${report.seed.written} written) + role probe ${seconds(roleMs)} (${report.roles?.missing.length} missing)`,
      );
      console.log(`    Organizations ${total(report.read.calls)} calls: ${formatCalls(report.read.calls)}`);
      console.log(
        `    STS ${calls['sts:AssumeRole'] ?? 0} AssumeRole (${report.roles?.checked} probes, the rest the read role); DynamoDB ${total(dynamo)} calls: ${formatCalls(dynamo)}`,
      );
    }
    console.log(
      `  OU paths by tree walk: ${total(treeWalk)} calls (${formatCalls(treeWalk)}) in ${seconds(first.report.read.durationMs)} with the tags`,
    );
    const organizationsOnly = Object.fromEntries(
      Object.entries(listParentsCalls).filter(([operation]) => !operation.startsWith('sts:')),
    );
    console.log(
      `  OU paths by ListAccounts + ListParents: ${total(organizationsOnly)} calls (${formatCalls(organizationsOnly)}) in ${seconds(listParentsMs)} without the tags`,
    );
    console.log(
      `  calls ListParents way / tree walk: ${(total(organizationsOnly) / total(treeWalk)).toFixed(1)}x; second run / first run time: ${(second.report.durationMs / first.report.durationMs).toFixed(2)}`,
    );
  } finally {
    await aws.stop();
    await db.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

await organizationBench();
