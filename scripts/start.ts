/**
 * `npm start`: the whole of CentralOps on this machine (see local/stack/stack.ts), printed
 * component by component, with the seeding progress; Ctrl-C stops everything cleanly.
 * PORT picks the chat page's port (default 3000; 0 for any free one). AWS credentials in the
 * environment switch the model to real Bedrock, and, with a registry of your own accounts
 * (`--registry dir`), the bridge to real STS and the AWS MCP Server (`--aws sandbox|real` forces
 * either). SLACK_APP_TOKEN + SLACK_BOT_TOKEN also connect a real Slack workspace over Socket Mode.
 * `--organizations` seeds the registry from the sandbox's sample AWS organization instead of
 * accounts.yaml (rules and overrides: registry-seed/sample-organization, or `--registry dir`).
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { createProgressPrinter } from '#registry-seed/src/index.ts';
import { formatCalls } from '#registry-seed/src/organizations/format-sync-report.ts';

/** One-line fixes for the failures a newcomer meets first. */
function explain(error: unknown, port: number): string {
  const err = error as NodeJS.ErrnoException & { cause?: NodeJS.ErrnoException };
  const code = err.code ?? err.cause?.code;
  if (code === 'EADDRINUSE')
    return `Port ${port} is in use: run PORT=0 npm start (any free port) or PORT=<other> npm start.`;
  if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
    return `A dependency is missing (${err.message.split('\n')[0]}): run npm ci.`;
  }
  return `CentralOps could not start: ${err.message}`;
}

const { values } = parseArgs({
  options: { registry: { type: 'string' }, aws: { type: 'string' }, organizations: { type: 'boolean' } },
});
if (values.aws !== undefined && values.aws !== 'sandbox' && values.aws !== 'real') {
  console.error(`--aws must be sandbox or real, got '${values.aws}'.`);
  process.exit(2);
}
if (values.organizations && values.aws === 'real') {
  console.error(
    '--organizations syncs from the sandbox’s organization; for a real one: npm run seed -- --from-organizations',
  );
  process.exit(2);
}
const port = Number(process.env.PORT ?? 3000);
const hasAwsCredentials = Boolean(process.env.AWS_PROFILE || process.env.AWS_ACCESS_KEY_ID);
// Real Bedrock only when AWS credentials are at hand; otherwise /ops and plain phrasings still work.
const bedrock = hasAwsCredentials
  ? new BedrockRuntimeClient({ region: process.env.AWS_REGION ?? 'us-east-1' })
  : undefined;
// The sample org exists only in the sandbox: real AWS needs a registry of your own accounts.
const realAws = values.aws
  ? values.aws === 'real'
  : hasAwsCredentials && values.registry !== undefined && !values.organizations;
const progress = createProgressPrinter({ stream: process.stdout });

console.log('Starting CentralOps locally…');
try {
  // Loaded here so that a missing dependency ends in the one-line fix below, not a stack trace.
  const { LOCAL_SLACK_TEAM, startLocalStack } = await import('#local/stack/stack.ts');
  const { SAMPLE_ORGANIZATION } = await import('#local/sandbox-aws/sample-organization.ts');
  const { removeStackState, writeStackState } = await import('#local/stack/stack-state.ts');
  const stack = await startLocalStack({
    organization: values.organizations ? SAMPLE_ORGANIZATION : undefined,
    port,
    registryDir: values.registry,
    bedrock,
    realAwsEnv: realAws ? process.env : undefined,
    // With a Slack app token, the same stack also answers in your real workspace (Socket Mode).
    slackSocketModeEnv: process.env.SLACK_APP_TOKEN ? process.env : undefined,
    // The audit records' log lines and the metrics (EMF), as CloudWatch Logs would hold them.
    observabilityDir: path.resolve('.local'),
    onSeedProgress: progress.onProgress,
    onComponent: (component) => {
      progress.finish();
      const note = component.note ? `  (${component.note})` : '';
      console.log(`  ✓ ${component.name.padEnd(36)} ${component.url}${note}`);
    },
  });
  const { accounts, identities, channels } = stack.seed;
  console.log(
    `  ✓ Registry seeded: ${accounts.added.length + accounts.changed.length + accounts.unchanged} accounts, ` +
      `${identities.added.length + identities.unchanged} identities, ${channels.added.length + channels.unchanged} channels`,
  );
  const sync = stack.organizationSync;
  if (sync) {
    const missing = sync.roles?.missing.map((account) => account.name).join(', ');
    console.log(
      `  ✓ Synced from organization ${sync.organizationId}: ${sync.read.accounts} accounts (${formatCalls(sync.read.calls)}), ` +
        `${sync.leftOut.length} left out${missing ? `; target role missing in ${missing}` : ''}`,
    );
  }
  await writeStackState({
    pid: process.pid,
    agentUrl: stack.agentUrl,
    workspace: LOCAL_SLACK_TEAM,
    subs: stack.subs,
  });
  console.log(`\nOpen ${stack.pageUrl} and try "/ops prod ec2" as alice, then as bob. Ctrl-C stops.`);
  console.log('Or from another terminal: npm run ask -- "/ops prod changes 1h"');
  console.log(
    'Each question is audited (the page shows the latest); as alice (ops-admins), try "/ops audit prod".',
  );

  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping…');
    await removeStackState();
    await stack.stop();
    console.log('Stopped.');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
} catch (error) {
  progress.finish();
  console.error(explain(error, port));
  process.exit(1);
}
