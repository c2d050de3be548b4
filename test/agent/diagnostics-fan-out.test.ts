/**
 * The diagnostics verbs over a large fan-out, through the agent's runtime server: the same calls
 * (changes, aws) go in the turn's shards with their progress told, the per-account flows (describe)
 * bounded by the same setting, one shard’s failure named beside the others, a "not found" list bounded;
 * a refusal by the bridge’s policy (of an /ops query too) said once, to the asker alone.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { AgentServer } from '#agent/src/app.ts';
import { MAX_PROGRESS_UPDATES } from '#agent/src/fanout/progress.ts';
import type { FanOutSettings } from '#agent/src/fanout/shards.ts';
import type { ToolGateway } from '#agent/src/gateway.ts';
import type { AgentEvent } from '#contracts/agent-events.ts';
import type { Account } from '#contracts/registry.ts';
import { invoke, readEvents } from '#local/stack/agent-client.ts';
import { ALICE, BOB, startFakeAgent } from './fixtures.ts';
import { account, holdingGateway } from './helpers.ts';

const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1'];
const ENVIRONMENTS = ['prod', 'staging', 'dev'];
/** Small shards, 3 in flight: a question of 200 accounts × 3 regions spans many waves. */
const FAN_OUT: FanOutSettings = { shardSize: 30, shardsInFlight: 3, firstShardSize: 6 };
const ACCOUNTS: Account[] = Array.from({ length: 200 }, (_, i) =>
  account(String(700_000_000_000 + i), `acct-${i}`, ENVIRONMENTS[i % 3]!, REGIONS),
);
const EVERY_ACCOUNT_REGION = ACCOUNTS.flatMap((a) => REGIONS.map((r) => `${a.id}#${r}`)).sort();
const INSTANCE = 'i-0123456789abcdef0';

interface Call {
  readonly tool: string;
  readonly args: Record<string, unknown>;
}

interface EachRequest {
  readonly account_id: string;
  readonly region: string;
  readonly calls: { readonly operation: string; readonly params?: Record<string, unknown> }[];
}

/** What a call asks: account-regions as `id#region`, of query_accounts or query_each. */
const askedBy = (call: Call): string[] =>
  call.tool === 'centralops___query_each'
    ? (call.args.requests as EachRequest[]).map((request) => `${request.account_id}#${request.region}`)
    : (call.args.account_ids as string[]).flatMap((id) =>
        (call.args.regions as string[]).map((region) => `${id}#${region}`),
      );

/** Each account-region's calls, whichever tool asked them. */
const callsOf = (call: Call, asked: string): EachRequest['calls'] =>
  call.tool === 'centralops___query_each'
    ? (call.args.requests as EachRequest[]).find((r) => `${r.account_id}#${r.region}` === asked)!.calls
    : (call.args.calls as EachRequest['calls']);

/** A Gateway answering with `answer`, recording each call's tool and arguments. */
const gatewayAnswering = (answer: (call: Call, index: number) => unknown) =>
  holdingGateway((tool, args): Call => ({ tool, args }), answer);

/** One CloudTrail write event in every account-region asked, as query_accounts answers. */
function changesAnswer(call: Call, leaveOut?: string): unknown {
  return {
    results: askedBy(call)
      .filter((asked) => asked !== leaveOut)
      .map((asked) => {
        const [accountId, region] = asked.split('#');
        const events = {
          Events: [
            {
              EventTime: '2026-11-26T11:30:00Z',
              EventName: 'ModifyTargetGroup',
              EventSource: 'elasticloadbalancing.amazonaws.com',
              Username: 'deployer',
            },
          ],
        };
        return {
          account_id: accountId,
          region,
          result: { content: [{ type: 'text', text: JSON.stringify(events) }] },
        };
      }),
  };
}

const progressOf = (events: readonly AgentEvent[]) =>
  events.flatMap((event) => (event.type === 'status' && event.progress ? [event.progress] : []));

/** Each progress event's count against the account-regions answered or failed before it. */
const countedBefore = (events: readonly AgentEvent[]) =>
  events.flatMap((event, at) =>
    event.type === 'status' && event.progress
      ? [
          {
            done: event.progress.done,
            before: events
              .slice(0, at)
              .filter((e) => e.type === 'result' || (e.type === 'error' && e.account)).length,
          },
        ]
      : [],
  );

describe('diagnostics verbs over 200 accounts × 3 regions', () => {
  let agent: AgentServer | undefined;
  afterEach(async () => {
    await agent?.close();
    agent = undefined;
  });

  async function ask(gateway: ToolGateway, prompt: string, userId = ALICE.sub): Promise<AgentEvent[]> {
    agent = await startFakeAgent({ gateway, accounts: ACCOUNTS, fanOut: FAN_OUT });
    return readEvents(await invoke(agent.url, { prompt, userId }));
  }

  it('sends changes in the turn shards: every account-region once, all of a shard’s regions in one call, at most the shards in flight', async () => {
    // Prepare
    const { gateway, calls, peak } = gatewayAnswering((call) => changesAnswer(call));
    // Act
    const events = await ask(gateway, '/ops all changes 1h');
    // Assess
    expect(calls.every((call) => call.tool === 'centralops___query_accounts')).toBe(true);
    expect(calls.flatMap(askedBy).sort()).toEqual(EVERY_ACCOUNT_REGION);
    for (const call of calls) {
      expect(call.args.regions).toEqual(REGIONS);
      expect(askedBy(call).length).toBeLessThanOrEqual(FAN_OUT.shardSize);
    }
    expect(peak()).toBe(FAN_OUT.shardsInFlight);
    expect(events.filter((event) => event.type === 'result')).toHaveLength(600);
    expect(events.at(-1)).toMatchObject({
      type: 'final',
      summary: expect.stringMatching(/^600 changes in 1h/),
    });
  });

  it('tells the progress at 0 first, then after each shard with its results before it, up to the whole', async () => {
    // Prepare
    const { gateway, calls } = gatewayAnswering((call) => changesAnswer(call));
    // Act
    const events = await ask(gateway, '/ops all changes 1h');
    // Assess
    const progress = progressOf(events);
    expect(progress[0]).toEqual({ done: 0, total: 600, failed: 0 });
    expect(events.findIndex((event) => event.type === 'status' && event.progress)).toBeLessThan(
      events.findIndex((event) => event.type === 'result'),
    );
    expect(progress).toHaveLength(calls.length + 1);
    for (const { done, before } of countedBefore(events)) expect(done).toBe(before);
    expect(progress.at(-1)).toEqual({ done: 600, total: 600, failed: 0 });
    expect(events.find((event) => event.type === 'status' && event.progress?.done)).toMatchObject({
      message: `${progress[1]!.done} of 600 account-regions`,
    });
  });

  it('answers the other shards when one fails, each of its account-regions named, and names an entry the bridge left out', async () => {
    // Prepare: the third call fails as a Gateway transport error; the fifth leaves one account-region out.
    let leftOut: string | undefined;
    const { gateway, calls } = gatewayAnswering((call, index) => {
      if (index === 2) throw new Error('Gateway call failed: Lambda timed out');
      if (index === 4) leftOut = askedBy(call).at(-1);
      return changesAnswer(call, index === 4 ? leftOut : undefined);
    });
    // Act
    const events = await ask(gateway, '/ops all changes 1h');
    // Assess
    const failedShard = askedBy(calls[2]!);
    expect(calls[2]!.args.regions).toEqual(REGIONS);
    const errors = events.flatMap((event) => (event.type === 'error' ? [event] : []));
    expect(
      errors
        .filter((error) => error.code === 'unavailable')
        .map((error) => `${error.account?.id}#${error.region}`)
        .sort(),
    ).toEqual([...failedShard].sort());
    expect(errors.find((error) => error.code === 'unavailable')).toMatchObject({
      message: 'Gateway call failed: Lambda timed out',
      account: { name: expect.stringMatching(/^acct-/) },
    });
    expect(errors.filter((error) => error.code === 'internal')).toEqual([
      expect.objectContaining({
        account: expect.objectContaining({ id: leftOut!.split('#')[0] }),
        region: leftOut!.split('#')[1],
      }),
    ]);
    const failed = failedShard.length + 1;
    expect(events.filter((event) => event.type === 'result')).toHaveLength(600 - failed);
    expect(progressOf(events).at(-1)).toEqual({ done: 600, total: 600, failed });
    expect(events.at(-1)).toMatchObject({
      type: 'final',
      summary: expect.stringContaining(`; ${failed} failed`),
    });
  });

  /** query_accounts' answer: `entry(accountRegion)` for each account-region asked. */
  const resultsOf = (call: Call, entry: (asked: string) => Record<string, unknown>) => ({
    results: askedBy(call).map((asked) => {
      const [accountId, region] = asked.split('#');
      return { account_id: accountId, region, ...entry(asked) };
    }),
  });
  const textResult = (body: unknown) => ({
    result: { content: [{ type: 'text', text: JSON.stringify(body) }] },
  });

  it('sends describe’s first call in the turn shards, every account-region once, its progress told at most 100 times as flows finish', async () => {
    // Prepare: the instance is in one account-region; another denies access; the rest have none.
    const [found, denied] = [EVERY_ACCOUNT_REGION[10]!, EVERY_ACCOUNT_REGION[20]!];
    const { gateway, calls, peak } = gatewayAnswering((call) =>
      resultsOf(call, (asked) =>
        asked === denied
          ? { error: { code: 'unavailable', message: 'AccessDenied' } }
          : textResult({
              Reservations:
                asked === found
                  ? [{ Instances: [{ InstanceId: INSTANCE, State: { Name: 'running' } }] }]
                  : [],
            }),
      ),
    );
    // Act
    const events = await ask(gateway, `/ops all describe ${INSTANCE}`);
    // Assess: 600 account-regions in shards, not 600 invocations.
    expect(calls.every((call) => call.tool === 'centralops___query_accounts')).toBe(true);
    expect(calls.flatMap(askedBy).sort()).toEqual(EVERY_ACCOUNT_REGION);
    for (const call of calls) {
      expect(call.args.regions).toEqual(REGIONS);
      expect(call.args.calls).toEqual([
        { service: 'ec2', operation: 'DescribeInstances', params: { InstanceIds: [INSTANCE] } },
      ]);
    }
    expect(peak()).toBe(FAN_OUT.shardsInFlight);
    const progress = progressOf(events);
    expect(progress[0]).toEqual({ done: 0, total: 600, failed: 0 });
    expect(progress.length).toBeGreaterThan(2);
    expect(progress.length).toBeLessThanOrEqual(MAX_PROGRESS_UPDATES + 1);
    expect(progress.map((p) => p.done)).toEqual([...progress.map((p) => p.done)].sort((a, b) => a - b));
    expect(progress.at(-1)).toEqual({ done: 600, total: 600, failed: 1 });
    expect(events.filter((event) => event.type === 'result')).toEqual([
      expect.objectContaining({ region: found.split('#')[1], summary: expect.stringContaining(INSTANCE) }),
    ]);
    expect(events.filter((event) => event.type === 'error')).toEqual([
      expect.objectContaining({ region: denied.split('#')[1], code: 'unavailable', message: 'AccessDenied' }),
    ]);
  });

  it('makes a flow’s next call only where its first answer needs one, by the ARN that answer gave', async () => {
    // Prepare: the function is in two account-regions; its tags are asked by its own ARN.
    const found = [EVERY_ACCOUNT_REGION[3]!, EVERY_ACCOUNT_REGION[400]!];
    const arnOf = (asked: string) => {
      const [accountId, region] = asked.split('#');
      return `arn:aws:lambda:${region}:${accountId}:function:payments-api`;
    };
    const { gateway, calls } = gatewayAnswering((call) =>
      resultsOf(call, (asked) =>
        callsOf(call, asked)[0]!.operation === 'ListTags'
          ? textResult({ Tags: { team: 'payments' } })
          : found.includes(asked)
            ? textResult({ FunctionName: 'payments-api', FunctionArn: arnOf(asked), Runtime: 'nodejs22.x' })
            : {
                error: {
                  code: 'tool_error',
                  message:
                    'An error occurred (ResourceNotFoundException) when calling the GetFunctionConfiguration operation',
                },
              },
      ),
    );
    // Act
    const events = await ask(gateway, '/ops all describe payments-api');
    // Assess
    const next = calls.filter((call) => call.tool === 'centralops___query_each');
    expect(
      next.flatMap((call) => askedBy(call).map((asked) => [asked, callsOf(call, asked)])).sort(),
    ).toEqual(
      found
        .map((asked) => [
          asked,
          [{ service: 'lambda', operation: 'ListTags', params: { Resource: arnOf(asked) } }],
        ])
        .sort(),
    );
    const results = events.flatMap((event) => (event.type === 'result' ? [event] : []));
    expect(results.map((result) => `${result.account?.id}#${result.region}`).sort()).toEqual(
      [...found].sort(),
    );
    for (const result of results) expect(result.lines).toContain('tags: team=payments');
    expect(progressOf(events).at(-1)).toEqual({ done: 600, total: 600, failed: 0 });
  });

  it('asks the flows’ next calls together, each account with its own, each account-region once, at most twice the shards in flight', async () => {
    // Prepare: each account names its cluster after itself, as the sandbox does; one ListServices fails.
    const failing = EVERY_ACCOUNT_REGION[50]!;
    const clusterOf = (asked: string) => `acct-${asked.split('#')[0]}-main`;
    const { gateway, calls, peak } = gatewayAnswering((call) =>
      resultsOf(call, (asked) => {
        const [accountId, region] = asked.split('#');
        const arn = (what: string) => `arn:aws:ecs:${region}:${accountId}:${what}`;
        switch (callsOf(call, asked)[0]!.operation) {
          case 'ListClusters':
            return textResult({ clusterArns: [arn(`cluster/${clusterOf(asked)}`)] });
          case 'ListServices':
            return asked === failing
              ? { error: { code: 'unavailable', message: 'AccessDeniedException' } }
              : textResult({ serviceArns: [arn(`service/${clusterOf(asked)}/api`)] });
          default:
            return textResult({
              services: [
                {
                  serviceName: 'api',
                  clusterArn: arn(`cluster/${clusterOf(asked)}`),
                  desiredCount: 2,
                  runningCount: 2,
                  pendingCount: 0,
                },
              ],
            });
        }
      }),
    );
    // Act
    const events = await ask(gateway, '/ops all ecs');
    // Assess: each account's calls name its own cluster, and still go many to an invocation.
    const next = calls.filter((call) => call.tool === 'centralops___query_each');
    const requests = next.flatMap((call) =>
      askedBy(call).map((asked) => ({ asked, calls: callsOf(call, asked) })),
    );
    for (const operation of ['ListServices', 'DescribeServices']) {
      const asking = requests.filter((request) => request.calls[0]!.operation === operation);
      const expected = EVERY_ACCOUNT_REGION.filter(
        (asked) => operation === 'ListServices' || asked !== failing,
      );
      expect(asking.map((request) => request.asked).sort()).toEqual(expected);
      for (const request of asking)
        expect(request.calls[0]!.params).toMatchObject({ cluster: clusterOf(request.asked) });
    }
    expect(next.length).toBeLessThan((2 * EVERY_ACCOUNT_REGION.length) / 10);
    expect(peak()).toBeLessThanOrEqual(2 * FAN_OUT.shardsInFlight);
    expect(events.filter((event) => event.type === 'result')).toHaveLength(599);
    expect(events.filter((event) => event.type === 'error')).toEqual([
      expect.objectContaining({
        code: 'unavailable',
        message: 'AccessDeniedException',
        region: failing.split('#')[1],
      }),
    ]);
    expect(progressOf(events).at(-1)).toEqual({ done: 600, total: 600, failed: 1 });
  });

  it.each([
    [`describe ${INSTANCE}`, `No EC2 instance ${INSTANCE} in `],
    ['logs payments-api', 'No log group for "payments-api" in '],
    ['logs /aws/lambda/payments-api', 'No log group for "/aws/lambda/payments-api" in '],
    ['targets payments-alb', 'No load balancer payments-alb in '],
  ])(
    'names at most five of the account-regions /ops all %s finds nothing in, and counts the rest',
    async (asked, opening) => {
      // Prepare: AWS's own "not found" in every account-region.
      const { gateway } = gatewayAnswering((call) => ({
        account_id: call.args.account_id,
        region: call.args.region,
        error: {
          code: 'tool_error',
          message: 'An error occurred (ResourceNotFoundException) when calling the operation: not found',
        },
      }));
      // Act
      const events = await ask(gateway, `/ops all ${asked}`);
      // Assess
      const said = events.flatMap((event) => (event.type === 'text' ? [event.delta] : [])).join('');
      expect(said.startsWith(opening)).toBe(true);
      expect(said.match(/acct-\d+ [a-z]+-[a-z]+-\d/g)).toHaveLength(5);
      expect(said.endsWith(' and 595 more account-regions.')).toBe(true);
      expect(said.length).toBeLessThan(300);
    },
  );

  describe('a call the bridge’s policy refuses', () => {
    const REFUSAL = '"ec2 TerminateInstances" is refused: only read-only operations are allowed';

    /** A Gateway refusing every call, logging when each call starts and when its refusal lands. */
    function refusingGateway() {
      const log: string[] = [];
      const held = gatewayAnswering(() => ({ error: { code: 'refused', message: REFUSAL } }));
      const gateway: ToolGateway = {
        ...held.gateway,
        callTool: async (tool, args) => {
          log.push('started');
          const answer = await held.gateway.callTool(tool, args);
          log.push('landed');
          return answer;
        },
      };
      return { gateway, calls: held.calls, log };
    }

    const AWS_CALL = '/ops all aws ec2 TerminateInstances --InstanceIds ["i-1"]';

    it('is said once, to the asker alone, when the asker wrote the call, and starts no call after it lands', async () => {
      // Prepare
      const { gateway, calls, log } = refusingGateway();
      // Act
      const events = await ask(gateway, AWS_CALL);
      // Assess: the private mark first, one line, nothing per account-region, no status left in the channel.
      expect(events.filter((event) => event.type !== 'final')).toEqual([
        { type: 'private', reason: 'refusal' },
        { type: 'error', code: 'refused', message: REFUSAL },
      ]);
      expect(events.at(-1)).toMatchObject({ type: 'final', summary: expect.stringMatching(/refused/) });
      expect(log.slice(log.indexOf('landed'))).not.toContain('started');
      expect(calls.length).toBeLessThanOrEqual(FAN_OUT.shardsInFlight);
    });

    it('is said once in an /ops query, whose progress is not held back, and starts no call after it lands', async () => {
      // Prepare: the catalog writes a query's calls, so the count shows at once, before any shard lands.
      const { gateway, calls, log } = refusingGateway();
      // Act
      const events = await ask(gateway, '/ops all ec2');
      // Assess
      expect(events[0]).toMatchObject({ type: 'status' });
      expect(events.filter((event) => event.type === 'error')).toEqual([
        { type: 'error', code: 'refused', message: REFUSAL },
      ]);
      expect(events.some((event) => event.type === 'result' || event.type === 'private')).toBe(false);
      expect(events.at(-1)).toMatchObject({ type: 'final', summary: expect.stringMatching(/refused/) });
      expect(log.slice(log.indexOf('landed'))).not.toContain('started');
      expect(calls.length).toBeLessThanOrEqual(FAN_OUT.shardsInFlight);
    });

    it('is said once when a per-account flow’s first call is refused, and starts no call after it lands', async () => {
      // Prepare
      const { gateway, calls, log } = refusingGateway();
      // Act
      const events = await ask(gateway, `/ops all describe ${INSTANCE}`);
      // Assess: refused, not "not found".
      expect(events.filter((event) => event.type === 'error')).toEqual([
        { type: 'error', code: 'refused', message: REFUSAL },
      ]);
      expect(events.some((event) => event.type === 'result' || event.type === 'text')).toBe(false);
      expect(events.at(-1)).toMatchObject({ type: 'final', summary: expect.stringMatching(/refused/) });
      expect(log.slice(log.indexOf('landed'))).not.toContain('started');
      expect(calls.length).toBeLessThanOrEqual(FAN_OUT.shardsInFlight);
    });

    it('keeps the accounts refused here behind the private mark when the rest are refused by the policy', async () => {
      // Prepare: BOB reads dev and staging, not prod.
      const { gateway } = refusingGateway();
      // Act
      const events = await ask(gateway, AWS_CALL, BOB.sub);
      // Assess
      expect(events[0]).toEqual({ type: 'private', reason: 'refusal' });
      const errors = events.filter((event) => event.type === 'error');
      expect(errors.filter((error) => error.code === 'unauthorized')).toHaveLength(
        ACCOUNTS.filter((a) => a.environment === 'prod').length,
      );
      expect(errors.filter((error) => error.code === 'refused')).toEqual([
        { type: 'error', code: 'refused', message: REFUSAL },
      ]);
      expect(events.some((event) => event.type === 'status' || event.type === 'result')).toBe(false);
    });
  });
});
