import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BedrockAgentCoreClient } from '@aws-sdk/client-bedrock-agentcore';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AgentBadAnswerError, AgentUnreachableError } from '#bot/src/core/errors.ts';
import { AgentRuntimeClient } from '#bot/src/runtime/agent-runtime-client.ts';
import { type AgentEvent, type AgentRequest, encodeAgentEvent } from '#contracts/agent-events.ts';
import { runtimeSessionId } from '#contracts/runtime-request.ts';
import {
  type AgentCoreDataPlane,
  DATA_PLANE_CREDENTIALS,
  startAgentCoreDataPlane,
} from '#local/stand-ins/agentcore-runtime.ts';

const ARN = 'arn:aws:bedrock-agentcore:us-east-1:999999999999:runtime/centralops_agent-AbCdEf1234';
const ALICE_SUB = '6f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f';
const REQUEST: AgentRequest = {
  prompt: 'list ec2 in prod',
  conversation: {
    platform: 'slack',
    workspace: 'T0CENTRAL',
    channel: 'C0INCIDENT',
    thread: '1700000000.000100',
  },
};
const FINAL: AgentEvent = {
  type: 'final',
  summary: 'done',
  accounts: [{ id: '111111111111', name: 'payments-prod', environment: 'prod' }],
  regions: ['us-east-1'],
  elapsedMs: 12,
  sessionId: 's',
};

async function collect(events: AsyncIterable<AgentEvent>): Promise<AgentEvent[]> {
  const all: AgentEvent[] = [];
  for await (const event of events) all.push(event);
  return all;
}

describe('AgentRuntimeClient', () => {
  let dataPlane: AgentCoreDataPlane;
  const sdkClient = () =>
    new AgentRuntimeClient({
      agentRuntimeArn: ARN,
      client: new BedrockAgentCoreClient({
        region: 'us-east-1',
        endpoint: dataPlane.endpoint,
        credentials: DATA_PLANE_CREDENTIALS,
      }),
    });

  beforeAll(async () => {
    dataPlane = await startAgentCoreDataPlane();
  });
  afterAll(async () => {
    await dataPlane?.stop();
  });
  afterEach(() => {
    dataPlane.calls.length = 0;
  });

  describe('Method: invoke (InvokeAgentRuntime)', () => {
    it('signs the call with SigV4 and sends runtimeUserId = the sub as a signed header', async () => {
      // Prepare
      dataPlane.script(async (_call, write) => write(encodeAgentEvent(FINAL)));

      // Act
      const events = await collect(sdkClient().invoke(REQUEST, ALICE_SUB));

      // Assess
      expect(events).toEqual([FINAL]);
      expect(dataPlane.calls).toHaveLength(1);
      const [call] = dataPlane.calls;
      expect(call?.signatureValid).toBe(true);
      expect(call?.agentRuntimeArn).toBe(ARN);
      expect(call?.qualifier).toBe('DEFAULT');
      expect(call?.runtimeUserId).toBe(ALICE_SUB);
      expect(call?.signedHeaders).toContain('x-amzn-bedrock-agentcore-runtime-user-id');
      expect(call?.runtimeSessionId).toBe(runtimeSessionId(REQUEST.conversation, ALICE_SUB));
      expect(JSON.parse(call?.body ?? '')).toEqual(REQUEST);
    });

    it('reads the SDK endpoint from AWS_ENDPOINT_URL_BEDROCK_AGENTCORE', async () => {
      // Prepare
      dataPlane.script(async (_call, write) => write(encodeAgentEvent(FINAL)));
      const saved = { ...process.env };
      Object.assign(process.env, {
        AWS_ENDPOINT_URL_BEDROCK_AGENTCORE: dataPlane.endpoint,
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: DATA_PLANE_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: DATA_PLANE_CREDENTIALS.secretAccessKey,
        AGENT_RUNTIME_ARN: ARN,
      });
      delete process.env.AGENT_RUNTIME_URL;
      delete process.env.AWS_SESSION_TOKEN;

      // Act
      const events = await collect(new AgentRuntimeClient().invoke(REQUEST, ALICE_SUB)).finally(() => {
        process.env = saved;
      });

      // Assess
      expect(events).toEqual([FINAL]);
      expect(dataPlane.calls[0]).toMatchObject({ signatureValid: true, runtimeUserId: ALICE_SUB });
    });

    it('yields each event as it arrives, before the stream ends', async () => {
      // Prepare
      let release: () => void = () => undefined;
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      dataPlane.script(async (_call, write) => {
        write(encodeAgentEvent({ type: 'status', message: 'querying 1 prod account' }));
        await held;
        const text = encodeAgentEvent({ type: 'text', delta: 'line one\nline two' });
        write(text.slice(0, 10));
        write(text.slice(10));
        write(encodeAgentEvent(FINAL));
      });
      const iterator = sdkClient().invoke(REQUEST, ALICE_SUB)[Symbol.asyncIterator]();

      // Act
      const first = await iterator.next();
      release();
      const rest: AgentEvent[] = [];
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) rest.push(next.value);

      // Assess
      expect(first.value).toEqual({ type: 'status', message: 'querying 1 prod account' });
      expect(rest).toEqual([{ type: 'text', delta: 'line one\nline two' }, FINAL]);
    });

    it('throws AgentBadAnswerError when the agent streams something that is not an AgentEvent', async () => {
      // Prepare
      dataPlane.script(async (_call, write) => write('data: {"type":"launch_missiles"}\n\n'));

      // Act
      const result = collect(sdkClient().invoke(REQUEST, ALICE_SUB));

      // Assess
      await expect(result).rejects.toBeInstanceOf(AgentBadAnswerError);
    });

    it('throws AgentUnreachableError when the data plane refuses the signature', async () => {
      // Prepare
      const client = new AgentRuntimeClient({
        agentRuntimeArn: ARN,
        client: new BedrockAgentCoreClient({
          region: 'us-east-1',
          endpoint: dataPlane.endpoint,
          credentials: { accessKeyId: DATA_PLANE_CREDENTIALS.accessKeyId, secretAccessKey: 'wrong-secret' },
          maxAttempts: 1,
        }),
      });

      // Act
      const result = collect(client.invoke(REQUEST, ALICE_SUB));

      // Assess
      await expect(result).rejects.toBeInstanceOf(AgentUnreachableError);
      expect(dataPlane.calls[0]?.signatureValid).toBe(false);
    });

    it('refuses to invoke without a runtime user id', async () => {
      // Act
      const result = collect(sdkClient().invoke(REQUEST, ''));

      // Assess
      await expect(result).rejects.toThrow(/runtimeUserId/);
      expect(dataPlane.calls).toHaveLength(0);
    });
  });

  describe('Method: invoke (AGENT_RUNTIME_URL)', () => {
    it('POSTs the request with the user and session headers the runtime would set', async () => {
      // Prepare
      const received: { headers: IncomingHttpHeaders; body: string }[] = [];
      const runtime = createServer(async (request, response) => {
        let body = '';
        for await (const chunk of request) body += chunk;
        received.push({ headers: request.headers, body });
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        response.end(encodeAgentEvent(FINAL));
      });
      await new Promise<void>((resolve) => runtime.listen(0, '127.0.0.1', resolve));
      const url = `http://127.0.0.1:${(runtime.address() as AddressInfo).port}/invocations`;

      // Act
      const events = await collect(
        new AgentRuntimeClient({ agentRuntimeUrl: url }).invoke(REQUEST, ALICE_SUB),
      ).finally(() => new Promise((resolve) => runtime.close(resolve)));

      // Assess
      expect(events).toEqual([FINAL]);
      expect(received[0]?.headers['x-amzn-bedrock-agentcore-runtime-user-id']).toBe(ALICE_SUB);
      expect(received[0]?.headers['x-amzn-bedrock-agentcore-runtime-session-id']).toBe(
        runtimeSessionId(REQUEST.conversation, ALICE_SUB),
      );
      expect(JSON.parse(received[0]?.body ?? '')).toEqual(REQUEST);
    });
  });

  describe('Method: invoke (AGENT_RUNTIME_URL), failures', () => {
    it('throws AgentUnreachableError when the runtime answers an error status', async () => {
      // Prepare
      const runtime = createServer((_request, response) => {
        response.writeHead(503, { 'content-type': 'application/json' });
        response.end('{"message":"starting"}');
      });
      await new Promise<void>((resolve) => runtime.listen(0, '127.0.0.1', resolve));
      const url = `http://127.0.0.1:${(runtime.address() as AddressInfo).port}/invocations`;

      // Act
      const result = collect(
        new AgentRuntimeClient({ agentRuntimeUrl: url }).invoke(REQUEST, ALICE_SUB),
      ).finally(() => new Promise((resolve) => runtime.close(resolve)));

      // Assess
      await expect(result).rejects.toThrow(/HTTP 503/);
    });
  });

  describe('Function: runtimeSessionId', () => {
    it('gives one stable id of 33+ characters per thread and user, and another for another thread or user', () => {
      // Act
      const id = runtimeSessionId(REQUEST.conversation, ALICE_SUB);
      const again = runtimeSessionId({ ...REQUEST.conversation }, ALICE_SUB);
      const otherThread = runtimeSessionId(
        { ...REQUEST.conversation, thread: '1700000000.000200' },
        ALICE_SUB,
      );
      const otherWorkspace = runtimeSessionId({ ...REQUEST.conversation, workspace: 'T0OTHER' }, ALICE_SUB);
      const otherUser = runtimeSessionId(REQUEST.conversation, 'b0b00000-0000-4000-8000-000000000002');

      // Assess
      expect(id.length).toBeGreaterThanOrEqual(33);
      expect(id.length).toBeLessThanOrEqual(256);
      expect(id).toMatch(/^[a-zA-Z0-9][a-zA-Z0-9_-]*$/);
      expect(again).toBe(id);
      expect(new Set([id, otherThread, otherWorkspace, otherUser]).size).toBe(4);
    });
  });
});
