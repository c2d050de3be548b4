/**
 * Conversation memory in AgentCore Memory: the real SDK client (AgentCoreMemory) against the
 * SigV4-checking stand-in, then through the agent's runtime server: follow-ups survive a restart,
 * each user's exchanges are their own, `/ops forget` clears the caller's, `/ops` answers are
 * recorded for a model follow-up.
 */
import { BedrockAgentCoreClient } from '@aws-sdk/client-bedrock-agentcore';
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AgentServer } from '#agent/src/app.ts';
import { AgentCoreMemory } from '#agent/src/memory/agentcore-memory.ts';
import type { AgentEvent } from '#contracts/agent-events.ts';
import { runtimeSessionId } from '#contracts/runtime-request.ts';
import { CONVERSATION, invoke, readEvents } from '#local/stack/agent-client.ts';
import { type LocalAgentCoreMemory, startLocalAgentCoreMemory } from '#local/stand-ins/agentcore-memory.ts';
import { type LocalBedrockRuntime, startLocalBedrockRuntime } from '#local/stand-ins/bedrock-runtime.ts';
import { ALICE, BOB, startFakeAgent } from './fixtures.ts';
import { ec2Gateway } from './helpers.ts';

const DAY = 86_400_000;

describe('AgentCore Memory', () => {
  let memoryApi: LocalAgentCoreMemory;
  let now = Date.now();
  let client: BedrockAgentCoreClient;
  const memoryFor = () =>
    new AgentCoreMemory({ client, memoryId: memoryApi.memoryId, now: () => new Date(now) });
  const scope = (actorId: string, sessionId = 'thread-0001') => ({ actorId, sessionId });

  beforeAll(async () => {
    memoryApi = await startLocalAgentCoreMemory({ now: () => now });
    client = new BedrockAgentCoreClient({
      endpoint: memoryApi.endpoint,
      region: memoryApi.region,
      credentials: memoryApi.credentials,
    });
  });
  afterAll(async () => {
    client.destroy();
    await memoryApi.stop();
  });

  describe('AgentCoreMemory', () => {
    it('keeps each exchange as one event of the user and session, and recalls them in order', async () => {
      // Prepare
      const memory = memoryFor();

      // Act
      await memory.remember(scope(ALICE.sub), {
        user: '/ops prod ec2',
        assistant: '3 instances',
        query: 'prod ec2',
      });
      now += 1_000;
      await memory.remember(scope(ALICE.sub), {
        user: 'why is one stopped?',
        assistant: 'It was stopped by…',
      });

      // Assess
      expect(await memory.recall(scope(ALICE.sub))).toEqual([
        { user: '/ops prod ec2', assistant: '3 instances', query: 'prod ec2' },
        { user: 'why is one stopped?', assistant: 'It was stopped by…' },
      ]);
      expect(memoryApi.events(ALICE.sub, 'thread-0001')[0]?.payload).toEqual([
        { conversational: { role: 'USER', content: { text: '/ops prod ec2' } } },
        { conversational: { role: 'ASSISTANT', content: { text: '3 instances' } } },
      ]);
      expect(await memory.recall(scope(BOB.sub))).toEqual([]);
      expect(await memory.recall(scope(ALICE.sub, 'thread-0002'))).toEqual([]);
    });

    it('forgets only the caller’s exchanges of the thread', async () => {
      // Prepare
      const memory = memoryFor();
      await memory.remember(scope(ALICE.sub, 'thread-0003'), { user: 'a', assistant: 'b' });
      await memory.remember(scope(ALICE.sub, 'thread-0003'), { user: 'c', assistant: 'd' });
      await memory.remember(scope(BOB.sub, 'thread-0003'), { user: 'e', assistant: 'f' });

      // Act
      const forgotten = await memory.forget(scope(ALICE.sub, 'thread-0003'));

      // Assess
      expect(forgotten).toBe(2);
      expect(await memory.recall(scope(ALICE.sub, 'thread-0003'))).toEqual([]);
      expect(await memory.recall(scope(BOB.sub, 'thread-0003'))).toEqual([{ user: 'e', assistant: 'f' }]);
    });

    it('recalls nothing older than the memory’s 30-day expiry', async () => {
      // Prepare
      const memory = memoryFor();
      await memory.remember(scope(ALICE.sub, 'thread-0004'), { user: 'old', assistant: 'answer' });

      // Act
      now += 29 * DAY;
      const within = await memory.recall(scope(ALICE.sub, 'thread-0004'));
      now += 2 * DAY;
      const after = await memory.recall(scope(ALICE.sub, 'thread-0004'));

      // Assess
      expect(within).toHaveLength(1);
      expect(after).toEqual([]);
    });

    it('is refused to a caller without the memory’s credentials', async () => {
      // Prepare
      const stranger = new BedrockAgentCoreClient({
        endpoint: memoryApi.endpoint,
        region: memoryApi.region,
        credentials: { accessKeyId: 'AKIASTRANGER00000000', secretAccessKey: 'not-the-secret' },
      });
      const rejectedBefore = memoryApi.rejected.length;

      // Act
      const attempt = new AgentCoreMemory({ client: stranger, memoryId: memoryApi.memoryId }).recall(
        scope(ALICE.sub),
      );

      // Assess
      await expect(attempt).rejects.toMatchObject({ name: 'AccessDeniedException' });
      expect(memoryApi.rejected.length).toBe(rejectedBefore + 1);
      stranger.destroy();
    });
  });

  describe('through the agent', () => {
    let agent: AgentServer | undefined;
    let bedrock: LocalBedrockRuntime;
    let model: BedrockRuntimeClient;
    const THREAD = { ...CONVERSATION, thread: '1731950000.000100' };
    const ask = async (userId: string, prompt: string, conversation = THREAD): Promise<AgentEvent[]> =>
      readEvents(await invoke(agent!.url, { prompt, userId, conversation }));

    beforeAll(async () => {
      bedrock = await startLocalBedrockRuntime();
      model = new BedrockRuntimeClient({
        endpoint: bedrock.url,
        region: 'us-east-1',
        credentials: { accessKeyId: 'AKIALOCAL', secretAccessKey: 'local' },
      });
    });
    afterAll(async () => {
      model.destroy();
      await bedrock.stop();
    });
    beforeEach(() => {
      bedrock.reset();
    });
    afterEach(async () => {
      await agent?.close();
      agent = undefined;
    });

    it('answers "and in staging?" from memory after the agent restarts', async () => {
      // Prepare: alice asks in the thread; the runtime then restarts (a new process, the same memory)
      const gateway = ec2Gateway();
      agent = await startFakeAgent({ gateway, memory: memoryFor() });
      await ask(ALICE.sub, '/ops prod ec2');
      await agent.close();
      agent = await startFakeAgent({ gateway, memory: memoryFor() });

      // Act
      const events = await ask(ALICE.sub, 'and in staging?');

      // Assess
      expect(
        events.filter((e) => e.type === 'result').map((e) => e.type === 'result' && e.account.name),
      ).toEqual(['payments-staging']);
      const session = runtimeSessionId(THREAD, ALICE.sub);
      expect(memoryApi.events(ALICE.sub, session).map((e) => e.metadata)).toEqual([
        { centralops_query: { stringValue: 'prod ec2 instances' } },
        { centralops_query: { stringValue: 'staging ec2 instances' } },
      ]);
    });

    it('never shows a second user of the thread the first one’s turns', async () => {
      // Prepare
      agent = await startFakeAgent({ gateway: ec2Gateway(), bedrock: model, memory: memoryFor() });
      const thread = { ...THREAD, thread: '1731950001.000100' };
      bedrock.script(
        { blocks: [{ text: 'Alice-only: the break-glass role is ops-breakglass.' }] },
        { blocks: [{ text: 'Hello Bob.' }] },
      );

      // Act: alice asks the model; bob asks a follow-up in the same thread, then "and in staging?"
      await ask(ALICE.sub, 'which role is break-glass?', thread);
      await ask(ALICE.sub, '/ops prod ec2', thread);
      await ask(BOB.sub, 'repeat what you told Alice', thread);
      const bobsFollowUp = await ask(BOB.sub, 'and in staging?', thread);

      // Assess: bob's model call has his words only, and alice's last query is not his to repeat
      const bobs = JSON.stringify(bedrock.requests[1]!.body.messages);
      expect(bobs).toContain('repeat what you told Alice');
      expect(bobs).not.toContain('break-glass');
      expect(bobs).not.toContain('prod ec2');
      expect(bobsFollowUp.some((e) => e.type === 'result')).toBe(false);
      expect(memoryApi.events(BOB.sub, runtimeSessionId(thread, ALICE.sub))).toEqual([]);
    });

    it('keeps users apart by actor even when a caller reuses one runtime session id for both', async () => {
      // Prepare
      agent = await startFakeAgent({ gateway: ec2Gateway(), bedrock: model, memory: memoryFor() });
      const thread = { ...THREAD, thread: '1731950005.000100' };
      const sessionId = 'thread-shared-by-everyone-in-the-incident-channel-0002';
      bedrock.script(
        { blocks: [{ text: 'Alice-only: the break-glass role is ops-breakglass.' }] },
        { blocks: [{ text: 'Hello Bob.' }] },
      );
      const asking = async (userId: string, prompt: string) =>
        readEvents(await invoke(agent!.url, { prompt, userId, sessionId, conversation: thread }));

      // Act
      await asking(ALICE.sub, 'which role is break-glass?');
      await asking(BOB.sub, 'repeat what you told Alice');

      // Assess
      const bobs = JSON.stringify(bedrock.requests[1]!.body.messages);
      expect(bobs).not.toContain('break-glass');
      expect(memoryApi.events(ALICE.sub, sessionId)).toHaveLength(1);
      expect(memoryApi.events(BOB.sub, sessionId)).toHaveLength(1);
    });

    it('records an /ops answer, so a model follow-up can refer to it', async () => {
      // Prepare
      agent = await startFakeAgent({ gateway: ec2Gateway(), bedrock: model, memory: memoryFor() });
      const thread = { ...THREAD, thread: '1731950002.000100' };
      bedrock.script({ blocks: [{ text: 'One instance per account, all running.' }] });

      // Act
      await ask(ALICE.sub, '/ops prod ec2', thread);
      await ask(ALICE.sub, 'are any of those stopped?', thread);

      // Assess
      const messages = JSON.stringify(bedrock.requests[0]!.body.messages);
      expect(messages).toContain('/ops prod ec2');
      expect(messages).toContain('payments-prod us-east-1: 1 instance (1 running)');
    });

    it('forgets the caller’s memory of the thread on /ops forget, privately, and nobody else’s', async () => {
      // Prepare
      agent = await startFakeAgent({ gateway: ec2Gateway(), memory: memoryFor() });
      const thread = { ...THREAD, thread: '1731950003.000100' };
      await ask(ALICE.sub, '/ops prod ec2', thread);
      await ask(BOB.sub, '/ops staging ec2', thread);

      // Act
      const events = await ask(ALICE.sub, '/ops forget', thread);
      const afterwards = await ask(ALICE.sub, 'and in staging?', thread);

      // Assess
      expect(events[0]).toEqual({ type: 'private', reason: 'memory' });
      expect(events[1]).toMatchObject({
        type: 'text',
        delta: expect.stringContaining('Forgotten: your exchange'),
      });
      expect(memoryApi.events(ALICE.sub, runtimeSessionId(thread, ALICE.sub))).toEqual([]);
      expect(memoryApi.events(BOB.sub, runtimeSessionId(thread, BOB.sub))).toHaveLength(1);
      expect(afterwards.some((e) => e.type === 'result')).toBe(false);
    });

    it('answers all the same when the memory cannot be reached', async () => {
      // Prepare
      agent = await startFakeAgent({ gateway: ec2Gateway(), memory: memoryFor() });
      memoryApi.failNext('ListEvents', 503, 'ServiceUnavailableException');
      memoryApi.failNext('CreateEvent', 429, 'ThrottledException');

      // Act
      const events = await ask(ALICE.sub, '/ops prod ec2', { ...THREAD, thread: '1731950004.000100' });

      // Assess
      expect(events.filter((e) => e.type === 'result')).toHaveLength(2);
      expect(events.at(-1)).toMatchObject({ type: 'final' });
    });
  });
});
