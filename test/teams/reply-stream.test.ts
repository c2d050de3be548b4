import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BotConnector, startBotConnector } from '#local/stand-ins/bot-connector.ts';
import { GROUP_CHAT, playReply, SCRIPT } from './harness.ts';

describe('Teams reply stream', () => {
  let connector: BotConnector;

  beforeAll(async () => {
    connector = await startBotConnector();
  });

  afterAll(async () => {
    await connector?.stop();
  });

  it('ends the native stream before Teams’ 2-minute limit and finishes the answer in place', async () => {
    // Prepare
    let clock = 1_000_000;

    // Act: each step waits until the connector has the update it causes, whatever the machine's load.
    await playReply(connector, { chat: 'personal', now: () => clock, intervalMs: 10 }, async (reply) => {
      await reply.push(SCRIPT[0]!);
      await reply.push(SCRIPT[1]!);
      await connector.received(1);
      clock += 2_000;
      await reply.push(SCRIPT[2]!);
      // The second update is sent only once the first was answered: the stream's start is known.
      await connector.received(2);
      // The agent is still working well past the stream's budget.
      clock += 101_000;
      for (const event of SCRIPT.slice(3)) await reply.push(event);
      // The stream ended early ("continued below") and the rest went on in a new message.
      await connector.received(4);
    });

    // Assess
    const sent = connector.activities;
    expect(sent.every((record) => record.status < 300)).toBe(true);
    const infos = sent.map(
      (record) => (record.activity.entities as { type: string; streamType?: string }[] | undefined)?.[0],
    );
    const finalAt = infos.findIndex((info) => info?.streamType === 'final');
    expect(finalAt).toBeGreaterThan(0);
    expect(sent[finalAt]!.activity.text).toContain('continued below');
    const after = sent.slice(finalAt + 1);
    expect(after.length).toBeGreaterThan(0);
    expect(after.every((record) => !record.activity.entities)).toBe(true);
    expect(after[0]!.method).toBe('POST');
    expect(after.at(-1)!.method).toBe('PUT');
    expect(JSON.stringify(after.at(-1)!.activity.attachments)).toContain('payments-staging');
  });

  it('delivers an answer far above the message size limit as a card plus detail messages, none refused', async () => {
    // Prepare
    const accounts = Array.from({ length: 60 }, (_, i) => ({
      id: String(100_000_000_000 + i),
      name: `account-${String(i).padStart(2, '0')}`,
      environment: 'prod',
    }));
    const lineOf = (account: string, i: number) =>
      `arn:aws:s3:::archive-${account}-${String(i).padStart(4, '0')}`;
    const lines = accounts.flatMap((account) => Array.from({ length: 20 }, (_, i) => lineOf(account.id, i)));

    // Act
    await playReply(connector, { chat: 'group', intervalMs: 10 }, async (reply) => {
      for (const account of accounts) {
        await reply.push({
          type: 'result',
          account,
          region: 'us-east-1',
          operation: 's3 list-buckets',
          summary: '20 buckets',
          lines: Array.from({ length: 20 }, (_, i) => lineOf(account.id, i)),
        });
      }
    });

    // Assess
    const sent = connector.activities;
    expect(sent.every((record) => record.status < 300)).toBe(true);
    expect(sent.every((record) => record.conversationId === GROUP_CHAT)).toBe(true);
    const texts = sent.map((record) => String(record.activity.text ?? '')).join('\n');
    expect(lines.every((line) => texts.includes(line))).toBe(true);
    expect(
      JSON.stringify(sent.find((record) => record.activity.attachments)?.activity.attachments),
    ).toContain('us-east-1 · 20 buckets');
  });

  it('heads the message edited in place with a fan-out’s progress, until the answer replaces it', async () => {
    // Act
    await playReply(connector, { chat: 'group', intervalMs: 10 }, async (reply) => {
      await reply.push(SCRIPT[2]!);
      await reply.push({
        type: 'status',
        message: '1,240 of 3,000 account-regions, 3 failed',
        progress: { done: 1240, total: 3000, failed: 3 },
      });
      await connector.received(1);
      for (const event of SCRIPT.slice(3)) await reply.push(event);
    });

    // Assess
    const texts = connector.activities.map((record) => String(record.activity.text ?? ''));
    expect(texts.some((text) => text.startsWith('⏳ _1,240 of 3,000 account-regions, 3 failed_\n\n'))).toBe(
      true,
    );
    expect(connector.activities.at(-1)!.method).toBe('PUT');
    expect(texts.at(-1)).not.toContain('⏳');
  });

  it('keeps a running fan-out’s count as the native stream’s informative update, its results held until complete', async () => {
    // Prepare
    const progress = (done: number) =>
      ({
        type: 'status',
        message: `${done} of 2 account-regions`,
        progress: { done, total: 2, failed: 0 },
      }) as const;

    // Act: each shard lands only once the connector has the update the one before caused.
    await playReply(connector, { chat: 'personal', intervalMs: 10 }, async (reply) => {
      await reply.push(SCRIPT[0]!);
      await reply.push(progress(0));
      await connector.received(1);
      await reply.push(SCRIPT[3]!);
      await reply.push(progress(1));
      await connector.received(2);
      await reply.push(SCRIPT[4]!);
      await reply.push(progress(2));
      await reply.push(SCRIPT[5]!);
    });

    // Assess
    const sent = connector.activities.map((record) => ({
      text: String(record.activity.text ?? ''),
      streamType: (record.activity.entities as { streamType?: string }[] | undefined)?.[0]?.streamType,
    }));
    expect(sent.slice(0, 2)).toEqual([
      { text: '⏳ _0 of 2 account-regions_', streamType: 'informative' },
      { text: '⏳ _1 of 2 account-regions_', streamType: 'informative' },
    ]);
    expect(sent.at(-1)).toMatchObject({ streamType: 'final' });
    expect(sent.at(-1)!.text).not.toContain('account-regions_');
  });

  it('falls back to one message edited in place when Teams refuses the stream (403)', async () => {
    // Prepare
    connector.fail(403, 1);

    // Act
    await playReply(connector, { chat: 'personal', intervalMs: 20 }, async (reply) => {
      await reply.push(SCRIPT[0]!);
      // Refused (403): the stream falls back to one message edited in place.
      await connector.received(1);
      await reply.push(SCRIPT[1]!);
      await connector.received(2);
      for (const event of SCRIPT.slice(2)) await reply.push(event);
    });

    // Assess
    const [refused, ...rest] = connector.activities;
    expect(refused!.status).toBe(403);
    expect(rest.length).toBeGreaterThan(1);
    expect(rest.every((record) => record.status < 300 && !record.activity.entities)).toBe(true);
    expect(rest[0]!.method).toBe('POST');
    expect(rest.slice(1).every((record) => record.method === 'PUT')).toBe(true);
    expect(JSON.stringify(rest.at(-1)!.activity.attachments)).toContain('payments-prod');
  });
});
