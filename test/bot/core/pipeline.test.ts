import { describe, expect, it } from 'vitest';
import { AgentBadAnswerError, AgentUnreachableError } from '#bot/src/core/errors.ts';
import { BOT_MESSAGES } from '#bot/src/core/messages.ts';
import { createPipeline } from '#bot/src/core/pipeline.ts';
import type { IdentityPort } from '#bot/src/core/ports.ts';
import type { AgentEvent } from '#contracts/agent-events.ts';
import {
  ACCOUNT,
  chatEvent,
  fakeAgent,
  fakeIdentity,
  recordingNotifier,
  recordingReply,
  silentLogger,
} from './fakes.ts';

const LINKED = { status: 'linked', cognitoUsername: 'alice', cognitoSub: 'sub-alice' } as const;

const ANSWER: AgentEvent[] = [
  { type: 'status', message: 'querying 1 prod account' },
  { type: 'text', delta: 'Buckets:' },
  {
    type: 'result',
    account: ACCOUNT,
    region: 'us-east-1',
    operation: 's3 list-buckets',
    summary: '2 buckets',
    lines: ['logs', 'assets'],
  },
  {
    type: 'final',
    summary: 'done',
    accounts: [ACCOUNT],
    regions: ['us-east-1'],
    elapsedMs: 900,
    sessionId: 's',
  },
];

async function* events(list: AgentEvent[]): AsyncGenerator<AgentEvent> {
  yield* list;
}

describe('createPipeline', () => {
  it('streams every agent event into the reply when the user is linked', async () => {
    // Prepare
    const agent = fakeAgent(() => events(ANSWER));
    const pipeline = createPipeline({ identity: fakeIdentity(LINKED), agent, logger: silentLogger });
    const reply = recordingReply();
    const notifier = recordingNotifier();

    // Act
    await pipeline.run(chatEvent(), reply, notifier);

    // Assess
    expect(reply.events).toEqual(ANSWER);
    expect(reply.closed).toBe(1);
    expect(reply.failures).toEqual([]);
    expect(notifier.notes).toEqual([]);
    expect(agent.calls).toEqual([
      {
        runtimeUserId: 'sub-alice',
        request: {
          prompt: 'list s3 buckets in prod',
          conversation: {
            platform: 'slack',
            workspace: 'T0CENTRAL',
            channel: 'C0INCIDENT',
            thread: '1700000000.000100',
          },
          question: {
            id: expect.stringMatching(/^[0-9a-f]{32}$/),
            chatUserId: 'U0ALICE',
            receivedAt: expect.any(String),
          },
        },
      },
    ]);
  });

  it('passes a slash command as the command of the request', async () => {
    // Prepare
    const agent = fakeAgent(() => events(ANSWER));
    const pipeline = createPipeline({ identity: fakeIdentity(LINKED), agent, logger: silentLogger });

    // Act
    await pipeline.run(
      chatEvent({ surface: 'command', text: 'prod s3' }),
      recordingReply(),
      recordingNotifier(),
    );

    // Assess
    expect(agent.calls[0]?.request.command).toEqual({ name: 'ops', text: 'prod s3' });
  });

  it('refuses with a private link prompt and never calls the agent when the user is unlinked', async () => {
    // Prepare
    const agent = fakeAgent(() => events(ANSWER));
    const pipeline = createPipeline({
      identity: fakeIdentity({ status: 'unlinked', linkUrl: 'https://auth.example/link?s=1' }),
      agent,
      logger: silentLogger,
    });
    const reply = recordingReply();
    const notifier = recordingNotifier();

    // Act
    await pipeline.run(chatEvent(), reply, notifier);

    // Assess
    expect(agent.calls).toEqual([]);
    expect(reply.events).toEqual([]);
    expect(reply.failures).toEqual([]);
    expect(notifier.notes).toHaveLength(1);
    expect(notifier.notes[0]).toContain('https://auth.example/link?s=1');
  });

  it('refuses a disabled user with the reason and a link prompt', async () => {
    // Prepare
    const agent = fakeAgent(() => events(ANSWER));
    const identity = fakeIdentity({
      status: 'disabled',
      linkUrl: 'https://auth.example/l',
      reason: 'user disabled',
    });
    const notifier = recordingNotifier();

    // Act
    await createPipeline({ identity, agent, logger: silentLogger }).run(
      chatEvent(),
      recordingReply(),
      notifier,
    );

    // Assess
    expect(agent.calls).toEqual([]);
    expect(notifier.notes[0]).toContain('user disabled');
  });

  it('refuses briefly when the workspace is not allowed', async () => {
    // Prepare
    const agent = fakeAgent(() => events(ANSWER));
    const notifier = recordingNotifier();

    // Act
    await createPipeline({
      identity: fakeIdentity({ status: 'workspace_refused' }),
      agent,
      logger: silentLogger,
    }).run(chatEvent(), recordingReply(), notifier);

    // Assess
    expect(agent.calls).toEqual([]);
    expect(notifier.notes).toEqual([BOT_MESSAGES.workspaceRefused]);
  });

  it('answers identity commands privately without resolving or calling the agent', async () => {
    // Prepare
    const agent = fakeAgent(() => events(ANSWER));
    const identity = fakeIdentity(LINKED);
    const notifier = recordingNotifier();

    // Act
    await createPipeline({ identity, agent, logger: silentLogger }).run(
      chatEvent({ text: ' WhoAmI ' }),
      recordingReply(),
      notifier,
    );

    // Assess
    expect(identity.commands).toEqual(['whoami']);
    expect(notifier.notes).toEqual(['identity whoami']);
    expect(agent.calls).toEqual([]);
  });

  it('lets identity look up the notifier’s confirmation address and the asker’s profile, for a link prompt and for `/ops link`', async () => {
    // Prepare
    const address = { conversationId: 'a:1personalchat' };
    const profile = { displayName: 'Alice Example', emails: ['alice@example.com'] };
    const lookedUp: unknown[] = [];
    const identity: IdentityPort = {
      async resolve(_event, linkContext) {
        lookedUp.push(await linkContext?.());
        return { status: 'unlinked', linkUrl: 'https://auth.example/link?s=2' };
      },
      async handleCommand(_event, _command, linkContext) {
        lookedUp.push(await linkContext?.());
        return 'identity link';
      },
    };
    const notifier = {
      ...recordingNotifier(),
      confirmationAddress: async () => address,
      chatProfile: async () => profile,
    };
    const pipeline = createPipeline({
      identity,
      agent: fakeAgent(() => events(ANSWER)),
      logger: silentLogger,
    });

    // Act
    await pipeline.run(chatEvent(), recordingReply(), notifier);
    await pipeline.run(chatEvent({ text: 'link' }), recordingReply(), notifier);

    // Assess
    expect(lookedUp).toEqual([
      { confirmationAddress: address, profile },
      { confirmationAddress: address, profile },
    ]);
  });

  it('still issues the link when the asker’s profile cannot be read', async () => {
    // Prepare
    const lookedUp: unknown[] = [];
    const identity: IdentityPort = {
      async resolve(_event, linkContext) {
        lookedUp.push(await linkContext?.());
        return { status: 'unlinked', linkUrl: 'https://auth.example/link?s=3' };
      },
      handleCommand: async () => 'unused',
    };
    const notifier = {
      ...recordingNotifier(),
      chatProfile: async () => {
        throw new Error('missing_scope users:read.email');
      },
    };
    const pipeline = createPipeline({
      identity,
      agent: fakeAgent(() => events(ANSWER)),
      logger: silentLogger,
    });

    // Act
    await pipeline.run(chatEvent(), recordingReply(), notifier);

    // Assess
    expect(lookedUp).toEqual([{}]);
    expect(notifier.notes.at(-1)).toContain('https://auth.example/link?s=3');
  });

  it('fails with one short message when the agent is unreachable', async () => {
    // Prepare
    const agent = fakeAgent(() => {
      throw new AgentUnreachableError('POST http://127.0.0.1:1 failed: ECONNREFUSED');
    });
    const reply = recordingReply();

    // Act
    await createPipeline({ identity: fakeIdentity(LINKED), agent, logger: silentLogger }).run(
      chatEvent(),
      reply,
      recordingNotifier(),
    );

    // Assess
    expect(reply.failures).toEqual([BOT_MESSAGES.agentUnreachable]);
  });

  it('fails with the timeout message when the agent outlives the budget', async () => {
    // Prepare
    const agent = fakeAgent(async function* (_request, signal) {
      yield { type: 'status', message: 'thinking' };
      await new Promise((resolve) => signal?.addEventListener('abort', resolve));
    });
    const reply = recordingReply();

    // Act
    await createPipeline({ identity: fakeIdentity(LINKED), agent, timeoutMs: 50, logger: silentLogger }).run(
      chatEvent(),
      reply,
      recordingNotifier(),
    );

    // Assess
    expect(reply.failures).toEqual([BOT_MESSAGES.agentTimeout]);
  });

  it('fails with the bad-answer message when the agent sends an invalid event', async () => {
    // Prepare
    const agent = fakeAgent(async function* () {
      yield { type: 'status', message: 'ok' };
      throw new AgentBadAnswerError('not an AgentEvent', { cause: new SyntaxError('Unexpected token') });
    });
    const reply = recordingReply();

    // Act
    await createPipeline({ identity: fakeIdentity(LINKED), agent, logger: silentLogger }).run(
      chatEvent(),
      reply,
      recordingNotifier(),
    );

    // Assess
    expect(reply.failures).toEqual([BOT_MESSAGES.agentBadAnswer]);
  });

  it('refuses briefly, without calling the agent, when the question is longer than the agent takes', async () => {
    // Prepare
    const agent = fakeAgent(() => events(ANSWER));
    const reply = recordingReply();

    // Act
    await createPipeline({ identity: fakeIdentity(LINKED), agent, logger: silentLogger }).run(
      chatEvent({ text: 'x'.repeat(4_001) }),
      reply,
      recordingNotifier(),
    );

    // Assess
    expect(agent.calls).toEqual([]);
    expect(reply.failures).toEqual([BOT_MESSAGES.questionTooLong]);
  });
});
