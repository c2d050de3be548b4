import { afterEach, describe, expect, it } from 'vitest';
import type { AgentServer } from '#agent/src/app.ts';
import type { ConversationMemory } from '#agent/src/memory/conversation-memory.ts';
import { runtimeSessionId } from '#contracts/runtime-request.ts';
import { CONVERSATION, invoke, readEvents } from '#local/stack/agent-client.ts';
import { ALICE, BOB, startFakeAgent } from './fixtures.ts';
import { ec2Gateway, recordingGateway } from './helpers.ts';

describe('Agent runtime server', () => {
  let agent: AgentServer | undefined;
  afterEach(async () => {
    await agent?.close();
    agent = undefined;
  });

  it('streams status, then a result per account and region, then final, in that order', async () => {
    // Prepare
    const gateway = ec2Gateway();
    agent = await startFakeAgent({ gateway });
    // Act
    const response = await invoke(agent.url, { prompt: '/ops all ec2', userId: ALICE.sub });
    const events = await readEvents(response);
    // Assess
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    expect(events.map((e) => e.type)).toEqual([
      'status',
      'result',
      'result',
      'result',
      'result',
      'result',
      'result',
      'final',
    ]);
    expect(events[0]).toEqual({ type: 'status', message: 'querying 5 accounts for EC2 instances…' });
    expect(events).toContainEqual(
      expect.objectContaining({
        type: 'result',
        account: expect.objectContaining({ name: 'payments-prod' }),
        region: 'us-west-2',
        summary: '1 instance (1 running)',
      }),
    );
    const final = events.at(-1)!;
    expect(final).toMatchObject({ type: 'final', regions: ['us-east-1', 'us-west-2'] });
    expect(final.type === 'final' && final.accounts).toHaveLength(5);
    const fanOut = gateway.calls.filter((c) => c.tool === 'centralops___query_accounts');
    expect(
      fanOut.every(
        (c) =>
          c.args.requested_by === 'alice' &&
          JSON.stringify(c.args.calls) ===
            JSON.stringify([{ service: 'ec2', operation: 'DescribeInstances', params: {} }]),
      ),
    ).toBe(true);
    expect(fanOut.every((c) => !('tool_name' in c.args) && !('arguments' in c.args))).toBe(true);
  });

  it("starts the Gateway's handshake once the user may ask, before reading the thread's memory", async () => {
    // Prepare: a Gateway that counts when it is told to connect; a memory noting whether it was yet
    let connects = 0;
    let connectingWhenRecalled: boolean | undefined;
    const gateway = {
      ...ec2Gateway(),
      connect: () => {
        connects += 1;
      },
    };
    const memory: ConversationMemory = {
      recall: async () => {
        connectingWhenRecalled = connects > 0;
        return [];
      },
      remember: async () => undefined,
      forget: async () => 0,
    };
    agent = await startFakeAgent({ gateway, memory });
    // Act
    await readEvents(await invoke(agent.url, { prompt: '/ops all ec2', userId: 'not-a-user' }));
    const connectsForStranger = connects;
    await readEvents(await invoke(agent.url, { prompt: '/ops all ec2', userId: ALICE.sub }));
    // Assess
    expect(connectsForStranger).toBe(0);
    expect(connectingWhenRecalled).toBe(true);
    expect(connects).toBe(1);
  });

  it('refuses prod to a user without a prod group, to them alone, in one line naming the account once and the groups', async () => {
    // Prepare
    const gateway = ec2Gateway();
    agent = await startFakeAgent({ gateway });
    // Act
    const events = await readEvents(await invoke(agent.url, { prompt: '/ops prod ec2', userId: BOB.sub }));
    // Assess
    expect(events[0]).toEqual({ type: 'private', reason: 'refusal' });
    expect(events[1]).toEqual({
      type: 'error',
      code: 'unauthorized',
      message:
        'You may not read payments-prod (111111111111): it needs ops-prod-readers, ops-account-111111111111-readers or ops-all-readers.',
      refused: [{ id: '111111111111', name: 'payments-prod', environment: 'prod' }],
    });
    expect(gateway.calls).toEqual([]);
    expect(events.at(-1)).toMatchObject({ type: 'final', accounts: [] });
  });

  it('queries only the readable accounts of `all` and names every refused one', async () => {
    // Prepare
    const gateway = ec2Gateway();
    agent = await startFakeAgent({ gateway });
    // Act
    const events = await readEvents(
      await invoke(agent.url, { prompt: 's3 buckets across all accounts', userId: BOB.sub }),
    );
    // Assess
    const refused = events
      .filter((e) => e.type === 'error' && e.code === 'unauthorized')
      .map((e) => (e.type === 'error' ? e.account?.name : ''));
    expect(refused.sort()).toEqual(['payments-prod', 'security-audit', 'shared-services']);
    const asked = gateway.calls
      .filter((c) => c.tool === 'centralops___query_accounts')
      .flatMap((c) => c.args.account_ids as string[]);
    expect(asked.sort()).toEqual(['222222222222', '333333333333']);
  });

  it('refuses a request without the runtime user header, even when the body names a user', async () => {
    // Prepare
    const gateway = ec2Gateway();
    agent = await startFakeAgent({ gateway });
    // Act
    const events = await readEvents(
      await invoke(agent.url, {
        body: {
          prompt: '/ops prod ec2',
          userId: ALICE.sub,
          runtimeUserId: ALICE.sub,
          conversation: { platform: 'slack', workspace: 'T0CENTRAL', channel: 'C0INCIDENT', thread: '1' },
        },
      }),
    );
    // Assess
    expect(events.map((e) => e.type)).toEqual(['error', 'final']);
    expect(events[0]).toMatchObject({
      code: 'unauthorized',
      message: expect.stringContaining('No runtime user'),
    });
    expect(gateway.calls).toEqual([]);
  });

  it('answers a malformed body with a bad_request error event', async () => {
    // Prepare
    agent = await startFakeAgent({ gateway: ec2Gateway() });
    // Act
    const events = await readEvents(await invoke(agent.url, { userId: ALICE.sub, body: { prompt: 42 } }));
    // Assess
    expect(events[0]).toMatchObject({ type: 'error', code: 'bad_request' });
    expect(events.at(-1)?.type).toBe('final');
  });

  it('reports HealthyBusy on /ping while a turn runs and Healthy after', async () => {
    // Prepare: the member account answers only when released.
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const inner = ec2Gateway();
    const gateway = recordingGateway(async (tool, args) => {
      if (tool === 'centralops___query_accounts') await released;
      return inner.callTool(tool, args);
    });
    agent = await startFakeAgent({ gateway });
    const url = agent.url;
    // Act
    const turn = invoke(url, { prompt: '/ops dev ec2', userId: ALICE.sub }).then(readEvents);
    while (!gateway.calls.some((c) => c.tool === 'centralops___query_accounts')) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const during = await (await fetch(`${url}/ping`)).json();
    release();
    await turn;
    const after = await (await fetch(`${url}/ping`)).json();
    // Assess
    expect(during.status).toBe('HealthyBusy');
    expect(after.status).toBe('Healthy');
  });

  it('keeps a follow-up in context within the thread\'s session ("and in staging?")', async () => {
    // Prepare
    const gateway = ec2Gateway();
    agent = await startFakeAgent({ gateway });
    await readEvents(await invoke(agent.url, { prompt: 'list ec2 instances in prod', userId: ALICE.sub }));
    // Act
    const events = await readEvents(
      await invoke(agent.url, { prompt: 'and in staging?', userId: ALICE.sub }),
    );
    // Assess
    expect(events[0]).toEqual({ type: 'status', message: 'querying 1 staging account for EC2 instances…' });
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'result', account: expect.objectContaining({ id: '222222222222' }) }),
    );
    const sessions = new Set([events.at(-1)].map((e) => (e?.type === 'final' ? e.sessionId : '')));
    // The same session the bot names for this thread and user when it invokes the runtime.
    expect([...sessions][0]).toBe(runtimeSessionId(CONVERSATION, ALICE.sub));
  });

  it('answers /ops help and a misspelt service without any tool call', async () => {
    // Prepare
    const gateway = ec2Gateway();
    agent = await startFakeAgent({ gateway });
    // Act
    const help = await readEvents(
      await invoke(agent.url, { command: { name: 'ops', text: 'help' }, userId: ALICE.sub }),
    );
    const typo = await readEvents(await invoke(agent.url, { prompt: '/ops prod lamda', userId: ALICE.sub }));
    // Assess
    expect(help[0]).toEqual({ type: 'private', reason: 'help' });
    expect(help[1]).toMatchObject({
      type: 'text',
      delta: expect.stringContaining('/ops payments-prod ec2 running us-west-2'),
    });
    expect(typo[0]).toEqual({ type: 'private', reason: 'usage' });
    expect(typo[1]).toMatchObject({ type: 'text', delta: expect.stringContaining('Did you mean "lambda"?') });
    expect(gateway.calls).toEqual([]);
  });

  it('names the nearest account for an unknown target and uses the channel default when none is named', async () => {
    // Prepare
    const gateway = ec2Gateway();
    agent = await startFakeAgent({ gateway });
    // Act
    const unknown = await readEvents(
      await invoke(agent.url, { prompt: '/ops payments-prd s3', userId: ALICE.sub }),
    );
    const defaulted = await readEvents(await invoke(agent.url, { prompt: '/ops s3', userId: ALICE.sub }));
    // Assess
    expect(unknown[0]).toMatchObject({
      type: 'text',
      delta: expect.stringContaining('Did you mean "payments-prod"?'),
    });
    expect(defaulted[0]).toEqual({
      type: 'status',
      message: 'querying 1 payments-prod account for S3 buckets…',
    });
  });

  it('refuses a runtime user that maps to no Cognito user', async () => {
    // Prepare
    const gateway = ec2Gateway();
    agent = await startFakeAgent({ gateway });
    // Act
    const events = await readEvents(
      await invoke(agent.url, { prompt: '/ops dev ec2', userId: 'ffffffff-0000-4000-8000-000000000000' }),
    );
    // Assess
    expect(events[0]).toMatchObject({
      type: 'error',
      code: 'unauthorized',
      message: expect.stringContaining('not linked'),
    });
    expect(gateway.calls).toEqual([]);
  });

  it('reads a call_aws envelope the bridge returns from a server without run_script', async () => {
    // Prepare: a self-hosted AWS API MCP server (call_aws only); one account answers, one fails.
    const gateway = recordingGateway((_tool, args) => {
      const [first, second] = args.account_ids as string[];
      const response = { Buckets: [{ Name: 'logs' }, { Name: 'assets' }] };
      return {
        results: [
          {
            accountId: first,
            region: 'us-east-1',
            ok: true,
            content: JSON.stringify({
              cli_command: 'aws s3api list-buckets',
              response: { json: JSON.stringify(response), status_code: 200 },
            }),
          },
          {
            accountId: second,
            region: 'us-east-1',
            ok: false,
            error: {
              code: 'tool_error',
              message: JSON.stringify({
                cli_command: 'x',
                response: { error: 'An error occurred (AccessDenied)' },
              }),
            },
          },
        ],
      };
    });
    agent = await startFakeAgent({ gateway });
    // Act
    const events = await readEvents(
      await invoke(agent.url, { prompt: 's3 buckets in all accounts', userId: BOB.sub }),
    );
    // Assess
    const fanOut = gateway.calls.find((c) => c.tool === 'centralops___query_accounts')!;
    expect(fanOut.args).toMatchObject({ calls: [{ service: 's3', operation: 'ListBuckets', params: {} }] });
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'result', summary: '2 buckets', lines: ['logs', 'assets'] }),
    );
    expect(events).toContainEqual(
      expect.objectContaining({
        type: 'error',
        code: 'tool_error',
        message: 'An error occurred (AccessDenied)',
      }),
    );
  });
});
