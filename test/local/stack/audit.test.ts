import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditRecord } from '#contracts/audit.ts';
import { LOCAL_SIGNING_SECRET, type LocalStack, startLocalStack } from '#local/stack/stack.ts';
import { postSlashCommand } from '#local/stand-ins/slack-requests.ts';
import { emfMetrics } from '../../support/emf.ts';

const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-sync'];

describe('local stack: every question audited, traced end to end, shown on the chat page', () => {
  let stack: LocalStack;
  let browser: BrowserContext;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'centralops-observability-'));
    stack = await startLocalStack({ streamIntervalMs: 100, observabilityDir: dir });
    browser = await chromium.launchPersistentContext(join(dir, 'chromium'), {
      executablePath: '/usr/bin/chromium',
      args: CHROMIUM_FLAGS,
    });
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  async function slash(user: string, text: string): Promise<void> {
    await postSlashCommand(stack.slackEventsUrl, text, {
      user,
      channel: 'C0INCIDENT',
      secret: LOCAL_SIGNING_SECRET,
    });
    await stack.idle();
  }

  it('records a question with one trace from the Slack handler through the agent and the Gateway to the bridge', async () => {
    // Act
    await slash('U0ALICE', 'prod ec2');
    // Assess
    const [record] = stack.observability?.recent() ?? [];
    expect(record).toMatchObject({
      who: { chatUserId: 'U0ALICE', cognitoUsername: 'alice' },
      where: { platform: 'slack', workspace: 'T0CENTRAL', channel: 'C0INCIDENT' },
      what: { text: '/ops prod ec2', verb: 'query' },
      outcome: 'answered',
      recordedBy: 'agent',
    });
    expect(record?.traceId).toMatch(/^1-[0-9a-f]{8}-[0-9a-f]{24}$/);
    expect(stack.gateway.traceIds.at(-1)).toBe(record?.traceId);
  });

  it('writes the records as log lines and the metrics as valid EMF where npm start says they go', async () => {
    // Prepare
    await slash('U0BOB', 'prod ec2');
    await slash('U0NOBODY', 'prod ec2');
    // Act
    const lines = (await readFile(join(dir, 'audit.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    const metrics = emfMetrics((await readFile(join(dir, 'metrics.emf.jsonl'), 'utf8')).trim().split('\n'));
    // Assess
    const records = lines.filter((line) => line.message === 'audit').map((line) => line.audit as AuditRecord);
    expect(
      records.map((record) => [record.who.chatUserId, record.outcome, record.reason, record.recordedBy]),
    ).toEqual([
      ['U0ALICE', 'answered', undefined, 'agent'],
      ['U0BOB', 'refused', 'group', 'agent'],
      ['U0NOBODY', 'refused', 'identity', 'bot'],
    ]);
    for (const line of lines) expect(line.xray_trace_id).toBe(line.audit.traceId);
    const questions = metrics.filter(
      (metric) => metric.name === 'Questions' && metric.root.platform === 'slack',
    );
    expect(questions).toHaveLength(3);
    expect(
      metrics
        .filter((metric) => metric.name === 'Refusals')
        .map((metric) => metric.root.reason)
        .sort(),
    ).toEqual(['group', 'identity']);
    expect(metrics.some((metric) => metric.name === 'TimeToFirstText' && metric.root.verb === 'query')).toBe(
      true,
    );
    expect(stack.components.map((component) => component.url)).toEqual(
      expect.arrayContaining([
        expect.stringContaining('audit.jsonl'),
        expect.stringContaining('metrics.emf.jsonl'),
      ]),
    );
  });

  it('shows the latest audit records on the chat page, newest first', async () => {
    // Prepare
    const page = await browser.newPage();
    await page.setViewportSize({ width: 1280, height: 860 });
    // Act
    await page.goto(stack.pageUrl);
    await page.locator('#audit .audit-record').nth(2).waitFor();
    // Assess
    const records = await page.locator('#audit .audit-record').allTextContents();
    expect(records[0]).toMatch(/U0NOBODY.*\/ops prod ec2.*refused \(identity\)/s);
    expect(records[1]).toMatch(/bob.*refused \(group\).*payments-prod: refused/s);
    expect(records[2]).toMatch(/alice.*answered.*payments-prod: ok.*ec2\.DescribeInstances.*trace 1-/s);
    await page.close();
  });

  it('shows a recorded question as text, never as markup of the page', async () => {
    // Prepare
    await slash('U0ALICE', 'prod <img id="injected" src="x"> ec2');
    const page = await browser.newPage();
    // Act
    await page.goto(stack.pageUrl);
    // The three questions above, then this one.
    await page.locator('#audit .audit-record').nth(3).waitFor();
    const newest = page.locator('#audit .audit-record').first().locator('.audit-text');
    // Assess
    expect(await newest.textContent()).toBe('/ops prod <img id="injected" src="x"> ec2');
    expect(await page.locator('#injected').count()).toBe(0);
    await page.close();
  });
});
