import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { investigationPlan } from '#bot/src/actions/investigate.ts';
import { buttonOf, tapButton } from '#local/stack/slack-taps.ts';
import {
  LOCAL_SIGNING_SECRET,
  LOCAL_SLACK_TEAM,
  LOCAL_TEAMS_TENANT,
  type LocalStack,
  startLocalStack,
} from '#local/stack/stack.ts';
import { type BotConnector, startBotConnector } from '#local/stand-ins/bot-connector.ts';

const ARTIFACTS = new URL('../../artifacts/', import.meta.url);
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Sends a message as `user` from the page's composer. */
async function ask(page: Page, user: string, text: string): Promise<void> {
  await page.selectOption('#user-select', { label: user });
  await page.fill('#text', text);
  await page.press('#text', 'Enter');
}

/**
 * The thread under the top-level message whose text contains `rootText`, once the answer in it
 * is finished: the page marks the message that ends an answer (`data-answer-state`, from the
 * bot's message metadata), so this waits for that state, never for a class to be momentarily absent.
 */
async function finishedThread(page: Page, rootText: string): Promise<string> {
  const root = page.locator('#messages > .message', { hasText: rootText }).last();
  const thread = root.locator('.thread');
  const end = thread.locator('.message[data-answer-state]');
  await end.waitFor({ timeout: 25_000 });
  expect(await end.getAttribute('data-answer-state')).toBe('final');
  return (await thread.textContent()) ?? '';
}

describe('local stack: chat page in Chromium, Teams endpoint', () => {
  let stack: LocalStack;
  let browser: BrowserContext;
  let userDataDir: string;

  beforeAll(async () => {
    userDataDir = await mkdtemp(join(tmpdir(), 'chromium-'));
    stack = await startLocalStack({ streamIntervalMs: 100 });
    // A fresh profile per run: launchPersistentContext passes it as --user-data-dir.
    browser = await chromium.launchPersistentContext(userDataDir, {
      executablePath: '/usr/bin/chromium',
      args: CHROMIUM_FLAGS,
    });
    await mkdir(ARTIFACTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await rm(userDataDir, { recursive: true, force: true });
  });

  it('answers /ops prod ec2 in a streamed thread for alice and refuses bob, naming the account', async () => {
    // Prepare
    const page = await browser.newPage();
    await page.setViewportSize({ width: 1280, height: 860 });
    await page.goto(stack.pageUrl);
    await page.locator('body[data-ready="true"]').waitFor();

    // Act
    await ask(page, 'alice', '/ops prod ec2');
    const alice = await finishedThread(page, 'asked by @alice');
    await ask(page, 'bob', '/ops prod ec2');
    const bob = await finishedThread(page, 'asked by @bob');

    // Assess
    expect(alice).toContain('111111111111');
    expect(alice).toMatch(/us-east-1/);
    expect(bob).toMatch(/payments-prod \(111111111111\).*unauthorized/);
    expect(bob).not.toMatch(/i-[0-9a-f]{8,}/);
    const streamed = stack.slackApi.calls.filter(
      (c) => c.method === 'chat.appendStream' || c.method === 'chat.update',
    );
    expect(streamed.length).toBeGreaterThan(0);
    await page.screenshot({ path: new URL('local-stack-desktop.png', ARTIFACTS).pathname, fullPage: true });
    await page.close();
  });

  it('answers mentions in their threads on a phone-sized page: alice gets prod, bob is refused', async () => {
    // Prepare
    const page = await browser.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(stack.pageUrl);
    await page.locator('body[data-ready="true"]').waitFor();

    // Act
    await ask(page, 'alice', '@centralops list ec2 instances in prod');
    const alice = await finishedThread(page, 'list ec2 instances in prod');
    await ask(page, 'bob', '@centralops show ec2 instances in prod');
    const bob = await finishedThread(page, 'show ec2 instances in prod');

    // Assess
    expect(alice).toContain('111111111111');
    expect(alice).toMatch(/i-[0-9a-f]{8,}/);
    expect(bob).toMatch(/payments-prod \(111111111111\).*unauthorized/);
    expect(bob).not.toMatch(/i-[0-9a-f]{8,}/);
    await page
      .locator('#messages > .message', { hasText: 'show ec2 instances in prod' })
      .scrollIntoViewIfNeeded();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: new URL('local-stack-phone.png', ARTIFACTS).pathname, fullPage: true });
    await page.close();
  });

  it("shows an alarm arriving, its OK in the alarm's thread, and Investigate's answers there", async () => {
    // Prepare
    const page = await browser.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(stack.pageUrl);
    await page.locator('body[data-ready="true"]').waitFor();
    await page.selectOption('#user-select', { label: 'alice' });
    const fire = async (state: 'ALARM' | 'OK') => {
      await page.selectOption('#alert-kind', 'alarm');
      await page.selectOption('#alert-account', { label: 'payments-prod' });
      await page.selectOption('#alert-state', state);
      await page.click('#fire-alert');
    };

    // Act: the alarm fires, then clears
    await fire('ALARM');
    const root = page.locator('#messages > .message[data-alert-status]').last();
    await root.and(page.locator('[data-alert-status="ALARM"]')).waitFor({ timeout: 25_000 });
    await fire('OK');
    await page.locator('#messages > .message[data-alert-status="OK"]').waitFor({ timeout: 25_000 });
    const okLine = root.locator('.thread .message', { hasText: 'OK at' });
    await okLine.waitFor({ timeout: 25_000 });

    // Act: alice taps Investigate on the alarm (Slack's signed block_actions)
    const [alertRoot] = stack.slackApi
      .messagesIn('C0INCIDENT')
      .filter((m) => m.metadata?.event_payload.thread);
    const button = buttonOf(alertRoot, 'investigate')!;
    const steps = investigationPlan(JSON.parse(button.value));
    const tapped = await tapButton({
      url: stack.slackEventsUrl,
      signingSecret: LOCAL_SIGNING_SECRET,
      team: LOCAL_SLACK_TEAM,
      channel: 'C0INCIDENT',
      messageTs: alertRoot!.ts,
      user: 'U0ALICE',
      ...button,
    });
    const answers = root.locator('.thread .message[data-answer-state="final"]');
    await answers.nth(steps.length - 1).waitFor({ timeout: 60_000 });

    // Assess
    expect(tapped.status).toBe(200);
    expect(await root.locator('.text').first().textContent()).toMatch(/^✅ OK · /);
    expect(await answers.count()).toBe(steps.length);
    expect(await root.locator('.thread').textContent()).toContain('111111111111');
    await root.scrollIntoViewIfNeeded();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: new URL('local-stack-alert.png', ARTIFACTS).pathname, fullPage: true });
    await page.close();
  });

  it("answers a Teams channel mention through the Teams handler, in the post's thread", async () => {
    // Prepare: a channel post as Teams delivers it (Bot Framework activity), from alice's Entra user.
    const connector: BotConnector = await startBotConnector();
    const channel = '19:incident@thread.tacv2';
    const id = '1732354200001';
    const activity = {
      type: 'message',
      id,
      timestamp: new Date().toISOString(),
      channelId: 'msteams',
      serviceUrl: connector.serviceUrl,
      from: { id: '29:1alice', name: 'Alice', aadObjectId: '00000000-0000-0000-0000-0000000a11ce' },
      recipient: { id: '28:centralops', name: 'CentralOps' },
      conversation: {
        isGroup: true,
        conversationType: 'channel',
        tenantId: LOCAL_TEAMS_TENANT,
        id: `${channel};messageid=${id}`,
      },
      text: '<at>CentralOps</at> list ec2 instances in prod',
      textFormat: 'plain',
      entities: [
        {
          type: 'mention',
          mentioned: { id: '28:centralops', name: 'CentralOps' },
          text: '<at>CentralOps</at>',
        },
      ],
      channelData: { teamsChannelId: channel, channel: { id: channel }, tenant: { id: LOCAL_TEAMS_TENANT } },
    };

    try {
      // Act
      const response = await fetch(stack.teamsUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(activity),
      });
      await stack.idle();

      // Assess
      expect(response.status).toBeLessThan(300);
      const replies = connector.accepted().map((a) => JSON.stringify(a.activity));
      expect(replies.some((r) => r.includes('111111111111'))).toBe(true);
      expect(connector.accepted().every((a) => a.conversationId.startsWith(channel))).toBe(true);
    } finally {
      await connector.stop();
    }
  });
});
