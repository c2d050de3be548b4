import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
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
import { appMention, signedJson } from '#local/stand-ins/slack-requests.ts';

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
  await end.first().waitFor({ timeout: 25_000 });
  expect(await end.first().getAttribute('data-answer-state')).toBe('final');
  return (await thread.textContent()) ?? '';
}

/** How far the page is wider than the screen (0 or less: no horizontal scrolling). */
function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

/** The edits of a message, once it has more than `than`: a state the page shows, not a delay. */
async function editedMoreThan(message: Locator, than: number): Promise<void> {
  await expect
    .poll(async () => Number(await message.getAttribute('data-edits')), { timeout: 25_000 })
    .toBeGreaterThan(than);
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

  it('answers /ops prod ec2 in a streamed thread for alice and refuses bob, to bob alone, naming the groups', async () => {
    // Prepare
    const page = await browser.newPage();
    await page.setViewportSize({ width: 1280, height: 860 });
    await page.goto(stack.pageUrl);
    await page.locator('body[data-ready="true"]').waitFor();

    // Act
    await ask(page, 'alice', '/ops prod ec2');
    const alice = await finishedThread(page, 'asked by @alice');
    await ask(page, 'bob', '/ops prod ec2');
    const refusal = page.locator('#messages .message.ephemeral', { hasText: 'You may not read' });
    await refusal.waitFor({ timeout: 25_000 });

    // Assess
    expect(alice).toContain('111111111111');
    expect(alice).toMatch(/us-east-1/);
    expect(await refusal.textContent()).toContain('payments-prod (111111111111): it needs ops-prod-readers');
    expect(await page.locator('#messages > .message', { hasText: 'asked by @bob' }).count()).toBe(0);
    const streamed = stack.slackApi.calls.filter(
      (c) => c.method === 'chat.appendStream' || c.method === 'chat.update',
    );
    expect(streamed.length).toBeGreaterThan(0);
    await page.screenshot({ path: new URL('local-stack-desktop.png', ARTIFACTS).pathname, fullPage: true });
    await page.selectOption('#user-select', { label: 'alice' });
    await expect
      .poll(() => page.locator('#messages .message.ephemeral', { hasText: 'You may not read' }).count())
      .toBe(0);
    await page.close();
  });

  it('lays a Slack answer out for a 390×844 phone: summary first, buttons that work, nothing wider than the screen', async () => {
    // Prepare
    const page = await browser.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(stack.pageUrl);
    await page.locator('body[data-ready="true"]').waitFor();

    // Act
    await ask(page, 'alice', '@centralops list ec2 instances in prod');
    const alice = await finishedThread(page, 'list ec2 instances in prod');
    const root = page.locator('#messages > .message', { hasText: 'list ec2 instances in prod' }).last();
    const answer = root.locator('.thread .message[data-answer-state]').first();
    const editsBefore = Number(await answer.getAttribute('data-edits'));
    await answer.getByRole('button', { name: 'Refresh' }).click();
    await editedMoreThan(answer, editsBefore);
    await answer.getByRole('button', { name: 'Details' }).click();
    await root.locator('.thread details.file').first().waitFor({ timeout: 25_000 });

    // Assess
    expect(alice).toMatch(/\d+ instances?: \d+ running/);
    expect(alice).toContain('111111111111');
    expect(alice).toMatch(/i-[0-9a-f]{8,}/);
    const codeWraps = await answer
      .locator('code')
      .evaluateAll((codes) => codes.filter((code) => code.getClientRects().length > 1).length);
    expect(codeWraps).toBe(0);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: new URL('local-stack-phone.png', ARTIFACTS).pathname, fullPage: true });
    await answer.evaluate((element) => element.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: new URL('slack-answer-390x844.png', ARTIFACTS).pathname });
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

  it('lays a Teams answer out as an Adaptive Card for a 390×844 phone, its Refresh answered through the invoke', async () => {
    // Prepare
    const page = await browser.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${stack.pageUrl}teams`);
    await page.locator('body[data-ready="true"]').waitFor();

    // Act
    await page.selectOption('#user-select', { label: 'alice' });
    await page.fill('#text', '@CentralOps ops prod ec2');
    await page.press('#text', 'Enter');
    const answer = page.locator('.thread .message[data-answer-state="final"]').first();
    await answer.waitFor({ timeout: 25_000 });
    const editsBefore = Number(await answer.getAttribute('data-edits'));
    await answer.getByRole('button', { name: 'Refresh' }).click();
    await expect
      .poll(() => page.locator('#status').textContent(), { timeout: 25_000 })
      .toBe('Working on it…');
    await editedMoreThan(page.locator('.thread .message[data-answer-state="final"]').first(), editsBefore);

    // Assess
    const card = (await answer.textContent()) ?? '';
    expect(card).toMatch(/\d+ instances?: \d+ running/);
    expect(card).toContain('payments-prod (111111111111)');
    expect(await answer.locator('.ac-adaptiveCard').count()).toBe(1);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    // Nothing inside the card is cut off either: no element wider than the card.
    const clipped = await answer.locator('.ac-adaptiveCard').evaluate((card) => {
      const right = card.getBoundingClientRect().right;
      return [...card.querySelectorAll('*')].filter(
        (element) => element.getBoundingClientRect().right > right + 1,
      ).length;
    });
    expect(clipped).toBe(0);
    await answer.evaluate((element) => element.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: new URL('teams-answer-390x844.png', ARTIFACTS).pathname });
    await page.close();
  });

  it('continues a thread without a new mention, from AgentCore Memory: "and in staging?" after "list ec2 instances in prod"', async () => {
    // Prepare
    const post = async (payload: unknown) => {
      const event = signedJson(payload, { secret: LOCAL_SIGNING_SECRET });
      const response = await fetch(stack.slackEventsUrl, {
        method: 'POST',
        headers: event.headers as Record<string, string>,
        body: event.body ?? '',
      });
      expect(response.status).toBe(200);
    };
    const root = `${Math.floor(Date.now() / 1000)}.000700`;
    const finished = (count: number) =>
      stack.slackApi.whenMessage(
        () =>
          stack.slackApi
            .messagesIn('C0INCIDENT', root)
            .filter((message) => message.metadata?.event_payload.state === 'final').length >= count,
      );

    // Act
    await post(appMention({ text: 'list ec2 instances in prod', ts: root }));
    await finished(1);
    const reply = appMention({ text: 'x', ts: `${Math.floor(Date.now() / 1000)}.000701`, threadTs: root });
    await post({
      ...reply,
      event: { ...reply.event, type: 'message', channel_type: 'channel', text: 'and in staging?' },
    });
    await finished(2);
    await stack.idle();

    // Assess
    const answers = stack.slackApi.messagesIn('C0INCIDENT', root).map((message) => message.text);
    expect(answers[0]).toContain('*payments-prod* (111111111111)');
    expect(answers[1]).toContain('*payments-staging* (222222222222)');
    expect(answers[1]).not.toContain('*payments-prod* (111111111111)');
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
