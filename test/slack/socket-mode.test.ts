import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDedupe } from '#bot/src/core/dedupe.ts';
import { createPipeline } from '#bot/src/core/pipeline.ts';
import { AgentRuntimeClient } from '#bot/src/runtime/agent-runtime-client.ts';
import { type SlackSocketMode, startSlackSocketMode } from '#bot/src/slack/socket-mode.ts';
import { CHAT_PLATFORMS } from '#contracts/chat-platforms.ts';
import { type LocalDynamoDB, startLocalDynamoDB } from '#local/components/dynamodb.ts';
import { fakeIdentity, finishedAnswer, silentLogger } from '#local/stack/slack-harness.ts';
import { type AgentStandIn, s3Answer, startAgentStandIn } from '#local/stand-ins/agent.ts';
import { appMention, slashCommand, TEAM } from '#local/stand-ins/slack-requests.ts';
import { type SlackWebApi, startSlackWebApi } from '#local/stand-ins/slack-web-api.ts';

describe('startSlackSocketMode', () => {
  let api: SlackWebApi;
  let agent: AgentStandIn;
  let db: LocalDynamoDB;
  let socketMode: SlackSocketMode;
  beforeAll(async () => {
    [api, agent, db] = await Promise.all([
      startSlackWebApi(),
      startAgentStandIn(s3Answer),
      startLocalDynamoDB(),
    ]);
    socketMode = await startSlackSocketMode({
      env: {
        SLACK_APP_TOKEN: api.appToken,
        SLACK_BOT_TOKEN: api.token,
        SLACK_API_URL: api.url,
        ALLOWED_WORKSPACES: `slack:${TEAM}`,
        SLACK_STREAM_INTERVAL_MS: '20',
      },
      pipeline: createPipeline({
        identity: fakeIdentity,
        agent: new AgentRuntimeClient({ agentRuntimeUrl: agent.url }),
        logger: silentLogger,
      }),
      dedupe: DynamoDedupe.for(CHAT_PLATFORMS.slack, 'ack', { client: db.client }),
      logger: silentLogger,
    });
    await api.socketConnected();
  });
  afterAll(async () => {
    await socketMode.stop();
    await Promise.all([api.stop(), agent.stop(), db.stop()]);
  });

  it('answers a mention delivered over Socket Mode in its thread, after acking the envelope', async () => {
    // Act
    const ack = await api.sendEnvelope(
      'events_api',
      appMention({ text: 'list s3 in prod', ts: '1731902000.000100' }),
    );
    const answer = await finishedAnswer(api, 'C0INCIDENT', '1731902000.000100');

    // Assess
    expect(answer.text).toContain('us-west-2');
    expect(ack).toEqual({});
    expect(api.calls.find((call) => call.method === 'apps.connections.open')?.status).toBe(200);
  });

  it('acks /ops over Socket Mode and posts the root message with the answer in its thread', async () => {
    // Act
    await api.sendEnvelope('slash_commands', slashCommand('prod s3', { channel: 'C0SOCKET' }));
    const answer = await finishedAnswer(api, 'C0SOCKET');

    // Assess
    const [root] = api.messagesIn('C0SOCKET');
    expect(root?.text).toBe('`/ops prod s3` asked by <@U0ALICE>');
    expect(answer.threadTs).toBe(root?.ts);
    expect(answer.text).toContain('us-east-1');
  });
});
