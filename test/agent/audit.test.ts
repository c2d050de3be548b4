import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AgentEvent } from '#contracts/agent-events.ts';
import type { AuditRecord } from '#contracts/audit.ts';
import { traceHeaders } from '#contracts/trace.ts';
import { CONVERSATION, type InvokeOptions, invoke, readEvents } from '#local/stack/agent-client.ts';
import type { AgentStack } from '#local/stack/agent-stack.ts';
import type { LocalBedrockRuntime } from '#local/stand-ins/bedrock-runtime.ts';
import { emfMetrics } from '../support/emf.ts';
import { type ScriptedAgentStack, startScriptedAgentStack } from './scripted-stack.ts';

/** Strings that must never reach an audit record: a secret in the question, call parameter values. */
const SECRET_IN_QUESTION = 'xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx';
const PARAM_VALUE = 'prod/payments/db-master-password';
const FILTER_VALUE = 'i-0secretfiltervalue';

describe('Audit record: one per question, for every outcome (agent stack, real bridge, dynalite)', () => {
  let scripted: ScriptedAgentStack;
  let stack: AgentStack;
  let bedrock: LocalBedrockRuntime;

  beforeAll(async () => {
    scripted = await startScriptedAgentStack();
    ({ stack, bedrock } = scripted);
  });
  beforeEach(() => scripted.reset());
  afterAll(async () => {
    await scripted?.stop();
  });

  /** Asks, and returns the events and the one audit record the question left (stored too). */
  async function ask(options: InvokeOptions & { headers?: Record<string, string> }) {
    const before = stack.audit.records().length;
    const events: AgentEvent[] = await readEvents(await invoke(stack.agent.url, options));
    await stack.audit.log.idle();
    const records = stack.audit.records().slice(before);
    expect(records).toHaveLength(1);
    return { events, record: records[0] as AuditRecord };
  }

  function expectNothingSecret(record: AuditRecord): void {
    const text = JSON.stringify(record);
    for (const value of [SECRET_IN_QUESTION, PARAM_VALUE]) expect(text).not.toContain(value);
  }

  it('records an answered question: who, where, what, the accounts and regions, the calls, the trace', async () => {
    // Prepare
    const trace = {
      traceId: '1-67a1b2c3-0123456789abcdef01234567',
      parentId: '53995c3f42cd8ad8',
      sampled: true,
    };
    // Act
    const { record } = await ask({
      prompt: '/ops prod ec2',
      userId: stack.subs.alice,
      body: {
        prompt: '/ops prod ec2',
        conversation: CONVERSATION,
        question: { id: 'q-answered-0001', chatUserId: 'U0ALICE', receivedAt: new Date().toISOString() },
      },
      headers: traceHeaders(trace),
    });
    // Assess
    expect(record).toMatchObject({
      questionId: 'q-answered-0001',
      kind: 'question',
      traceId: trace.traceId,
      who: { chatUserId: 'U0ALICE', cognitoUsername: 'alice', cognitoSub: stack.subs.alice },
      where: CONVERSATION,
      what: { text: '/ops prod ec2', verb: 'query' },
      accounts: [
        {
          id: '111111111111',
          name: 'payments-prod',
          environment: 'prod',
          regions: ['us-east-1', 'us-west-2'],
          outcome: 'ok',
        },
      ],
      calls: ['ec2.DescribeInstances'],
      outcome: 'answered',
      recordedBy: 'agent',
    });
    expect(record.durations.firstTextMs).toBeGreaterThanOrEqual(0);
    expect(record.durations.totalMs).toBeGreaterThanOrEqual(record.durations.firstTextMs ?? 0);
    // The trace went on through the Gateway to the bridge.
    expect(stack.gateway.traceIds).toContain(trace.traceId);
  });

  it('refuses a trace header that is not one: the record and the Gateway get a new trace, never the value sent', async () => {
    // Prepare: headers shaped to smuggle text into the record, the logs and the Gateway call
    const hostile = '1-67a1b2c3-0123456789abcdef01234567;Sampled=1 <script>';
    // Act
    const { record } = await ask({
      prompt: '/ops dev ec2',
      userId: stack.subs.alice,
      headers: {
        'x-amzn-trace-id': `Root=${hostile};Parent=53995c3f42cd8ad8`,
        traceparent: '00-0123456789abcdef0123456789abcdef-53995c3f42cd8ad8-01 x',
      },
    });
    // Assess
    expect(record.traceId).toMatch(/^1-[0-9a-f]{8}-[0-9a-f]{24}$/);
    expect(record.traceId).not.toBe('1-01234567-89abcdef0123456789abcdef');
    expect(JSON.stringify(record)).not.toContain('script');
    expect(stack.gateway.traceIds).toContain(record.traceId);
  });

  it('records the agent turn of a button tap as the tap, under the tap’s id, naming the action', async () => {
    // Act
    const { record } = await ask({
      userId: stack.subs.alice,
      body: {
        prompt: 'dev s3',
        command: { name: 'ops', text: 'dev s3' },
        conversation: CONVERSATION,
        question: { id: 'q-tap-0001', chatUserId: 'U0ALICE', action: 'refresh' },
      },
    });
    // Assess
    expect(record).toMatchObject({
      questionId: 'q-tap-0001',
      kind: 'action',
      what: { text: '/ops dev s3', verb: 'query', action: 'refresh' },
      outcome: 'answered',
    });
  });

  it('records a refusal by group, naming the account refused', async () => {
    // Act
    const { record } = await ask({ prompt: '/ops prod ec2', userId: stack.subs.bob });
    // Assess
    expect(record).toMatchObject({
      who: { cognitoUsername: 'bob' },
      outcome: 'refused',
      reason: 'group',
      accounts: [{ id: '111111111111', outcome: 'refused', code: 'group' }],
      calls: [],
    });
    expect(stack.sandbox.calls.mcp).toEqual([]);
  });

  it('records a refusal by channel when the channel does not allow the environment', async () => {
    // Act
    const { record } = await ask({
      prompt: '/ops prod ec2',
      userId: stack.subs.alice,
      conversation: { ...CONVERSATION, channel: 'C0DEV' },
    });
    // Assess
    expect(record).toMatchObject({
      where: { channel: 'C0DEV' },
      outcome: 'refused',
      reason: 'channel',
      accounts: [{ id: '111111111111', outcome: 'refused', code: 'channel' }],
    });
  });

  it('records a refusal by the guard with only service.Operation, never a parameter value or a secret', async () => {
    // Prepare
    bedrock.script(
      {
        blocks: [
          {
            toolUse: {
              name: 'centralops___query',
              input: {
                account_id: '333333333333',
                calls: [
                  {
                    service: 'secretsmanager',
                    operation: 'GetSecretValue',
                    params: { SecretId: PARAM_VALUE },
                  },
                ],
                region: 'us-east-1',
              },
            },
          },
        ],
      },
      { blocks: [{ text: 'I cannot read secret values.' }] },
    );
    // Act
    const { record } = await ask({
      prompt: `read the db password, my token is ${SECRET_IN_QUESTION}`,
      userId: stack.subs.alice,
    });
    // Assess
    expect(record).toMatchObject({
      what: { verb: 'model' },
      outcome: 'refused',
      reason: 'guard',
      calls: ['secretsmanager.GetSecretValue'],
      accounts: [{ id: '333333333333', outcome: 'refused', code: 'guard' }],
    });
    expect(record.what.text).toContain('[REDACTED]');
    expectNothingSecret(record);
    expect(stack.sandbox.calls.mcp).toEqual([]);
  });

  it('records a failure in the bridge with the part and the error code', async () => {
    // Prepare
    stack.sandbox.injectFault('222222222222', 'access_denied', 1);
    // Act
    const { record } = await ask({ prompt: '/ops staging ec2', userId: stack.subs.alice });
    // Assess
    expect(record).toMatchObject({
      outcome: 'failed',
      failedAt: 'bridge',
      accounts: [{ id: '222222222222', outcome: 'failed' }],
      calls: ['ec2.DescribeInstances'],
    });
    expect(record.error?.code).toBe(record.accounts[0]?.code);
  });

  it('records a failure in the bridge by its code, never with the AWS error quoting a parameter value', async () => {
    // Prepare: RDS answers "DBInstance <identifier> not found.", as AWS does
    bedrock.script(
      {
        blocks: [
          {
            toolUse: {
              name: 'centralops___query',
              input: {
                account_id: '333333333333',
                calls: [
                  {
                    service: 'rds',
                    operation: 'DescribeDBInstances',
                    params: { DBInstanceIdentifier: PARAM_VALUE.replaceAll('/', '-') },
                  },
                ],
                region: 'us-east-1',
              },
            },
          },
        ],
      },
      { blocks: [{ text: 'No such database.' }] },
    );
    // Act
    const { record } = await ask({ prompt: 'is the payments database up?', userId: stack.subs.alice });
    // Assess
    expect(record).toMatchObject({
      outcome: 'failed',
      failedAt: 'bridge',
      calls: ['rds.DescribeDBInstances'],
      accounts: [{ id: '333333333333', outcome: 'failed' }],
    });
    expect(record.error?.code).toBe(record.accounts[0]?.code);
    expect(JSON.stringify(record)).not.toContain(PARAM_VALUE.replaceAll('/', '-'));
  });

  it('records a failure at the model when Bedrock answers an error', async () => {
    // Prepare
    bedrock.script({
      error: { status: 403, type: 'AccessDeniedException', message: 'no access to the model here' },
    });
    // Act
    const { record } = await ask({ prompt: 'why is prod slow today?', userId: stack.subs.alice });
    // Assess
    expect(record).toMatchObject({ what: { verb: 'model' }, outcome: 'failed', failedAt: 'model' });
    expect(record.error?.message).toContain('no access to the model here');
  });

  it('records a failure at the model with the secret its message quotes redacted', async () => {
    // Prepare
    bedrock.script({
      error: { status: 400, type: 'ValidationException', message: `token ${SECRET_IN_QUESTION} rejected` },
    });
    // Act
    const { record } = await ask({ prompt: 'why is prod slow today?', userId: stack.subs.alice });
    // Assess
    expect(record).toMatchObject({ outcome: 'failed', failedAt: 'model' });
    expect(record.error?.message).toContain('[REDACTED]');
    expectNothingSecret(record);
  });

  it('records a question whose runtime user is unknown as refused for identity', async () => {
    // Act
    const { record } = await ask({ prompt: '/ops dev ec2', userId: '00000000-0000-4000-8000-00000000dead' });
    // Assess
    expect(record).toMatchObject({ outcome: 'refused', reason: 'identity', who: {} });
  });

  it('keeps the question as typed but a call as service.Operation only, without the filter it was sent with', async () => {
    // Act
    const { record } = await ask({ prompt: `/ops dev ec2 name=${FILTER_VALUE}`, userId: stack.subs.alice });
    // Assess
    expect(record.what.text).toBe(`/ops dev ec2 name=${FILTER_VALUE}`);
    expect(record.calls).toEqual(['ec2.DescribeInstances']);
    expect(JSON.stringify({ ...record, what: undefined })).not.toContain(FILTER_VALUE);
  });

  it('stores every record where an auditor finds it: by account and time range, by user, by chat user', async () => {
    // Prepare
    await stack.audit.log.idle();
    const range = { from: new Date(Date.now() - 3_600_000).toISOString(), to: new Date().toISOString() };
    // Act
    const [prod, alice, aliceInSlack, bob] = await Promise.all([
      stack.audit.store.forAccount('111111111111', range),
      stack.audit.store.forUser('alice', range),
      stack.audit.store.forChatUser('slack#T0CENTRAL#U0ALICE', range),
      stack.audit.store.forUser('bob', range),
    ]);
    // Assess
    expect(prod.map((item) => item.questionId)).toContain('q-answered-0001');
    expect(prod.every((item) => item.pk === 'a#111111111111')).toBe(true);
    expect(alice.length).toBeGreaterThanOrEqual(5);
    expect(alice.every((item) => item.who.cognitoUsername === 'alice')).toBe(true);
    expect(aliceInSlack.map((item) => item.questionId)).toEqual(['q-tap-0001', 'q-answered-0001']);
    expect(bob.map((item) => item.reason)).toEqual(['group']);
    // Newest first, and nothing outside the range
    const earlier = await stack.audit.store.forUser('alice', {
      from: '2020-01-01T00:00:00.000Z',
      to: '2020-12-31T23:59:59.999Z',
    });
    expect(earlier).toEqual([]);
    expect(alice.map((item) => item.at)).toEqual([...alice.map((item) => item.at)].sort().reverse());
    for (const item of [...prod, ...alice]) expectNothingSecret(item as unknown as AuditRecord);
  });

  it('answers /ops audit for ops-admins only, and audits the refusal', async () => {
    // Act
    const refused = await ask({ prompt: '/ops audit @alice', userId: stack.subs.bob });
    const answered = await ask({ prompt: '/ops audit prod 1h', userId: stack.subs.dana });
    const byUser = await ask({ prompt: '/ops audit @bob', userId: stack.subs.dana });
    // Assess
    expect(refused.events[0]).toMatchObject({ type: 'error', code: 'forbidden' });
    expect(refused.record).toMatchObject({ what: { verb: 'audit' }, outcome: 'refused', reason: 'admin' });
    const text = (events: AgentEvent[]) => events.map((e) => (e.type === 'text' ? e.delta : '')).join('');
    expect(text(answered.events)).toMatch(
      /^\*Audit of payments-prod \(111111111111, prod\): \d+ questions? in the last 1h\*/,
    );
    expect(text(answered.events)).toContain(
      'alice · slack C0INCIDENT · `/ops prod ec2` · ok in us-east-1, us-west-2',
    );
    expect(text(byUser.events)).toContain('`/ops prod ec2` · refused (group)');
    expect(answered.record).toMatchObject({ what: { verb: 'audit' }, outcome: 'answered' });
  });

  it('quotes a recorded question inert in /ops audit: no mention, tag or code span escapes it', async () => {
    // Prepare: a question crafted to ping the auditor's channel once echoed there
    const crafted = '/ops dev `<!channel>` <@U0BOSS> <b>x</b>';
    await ask({ prompt: crafted, userId: stack.subs.dana });
    // Act
    const { events } = await ask({ prompt: '/ops audit @dana 1h', userId: stack.subs.dana });
    // Assess
    const text = events.map((e) => (e.type === 'text' ? e.delta : '')).join('');
    const line = text.split('\n').find((candidate) => candidate.includes('channel›'));
    expect(line).toContain('`/ops dev ˋ‹!channel›ˋ ‹@U0BOSS› ‹b›x‹/b›`');
    expect(text).not.toMatch(/[<>]/);
    expect(line?.split('`')).toHaveLength(3);
  });

  it('writes valid EMF for every turn: refusals by reason, errors by part, per platform and verb', () => {
    // Act
    const metrics = emfMetrics(stack.emf);
    // Assess
    const named = (name: string, dimension: string, value: string) =>
      metrics.some(
        (metric) =>
          metric.name === name &&
          metric.root[dimension] === value &&
          metric.dimensionSets.some((set) => set.includes('platform') && set.includes('verb')),
      );
    expect(metrics.every((metric) => metric.namespace === 'CentralOps')).toBe(true);
    expect(named('Refusals', 'reason', 'group')).toBe(true);
    expect(named('Refusals', 'reason', 'channel')).toBe(true);
    expect(named('Refusals', 'reason', 'guard')).toBe(true);
    expect(named('Errors', 'part', 'model')).toBe(true);
    expect(named('Errors', 'part', 'bridge')).toBe(true);
    expect(named('FanOutFailures', 'code', 'tool_error')).toBe(true);
    expect(metrics.some((metric) => metric.name === 'AccountsPerQuestion' && metric.value === 1)).toBe(true);
    expect(
      metrics.some(
        (metric) =>
          metric.name === 'AgentTurnTime' && metric.dimensionSets.some((set) => set.join() === 'service'),
      ),
    ).toBe(true);
  });
});
