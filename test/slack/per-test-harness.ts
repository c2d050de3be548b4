/**
 * The lifecycle the Slack worker suites share: one dynalite for the suite, a Slack harness started
 * by each test on it, stopped after that test.
 */
import { afterAll, afterEach, beforeAll } from 'vitest';
import { type LocalDynamoDB, startLocalDynamoDB } from '#local/components/dynamodb.ts';
import {
  type SlackHarness,
  type SlackHarnessOptions,
  startSlackHarness,
} from '#local/stack/slack-harness.ts';

export interface PerTestSlackHarness {
  /** Starts this test's harness on the suite's dynalite; it is stopped after the test. */
  start(options: Omit<SlackHarnessOptions, 'db'>): Promise<SlackHarness>;
}

/** Registers the hooks in the calling describe block. */
export function slackHarnessPerTest(): PerTestSlackHarness {
  let db: LocalDynamoDB;
  let harness: SlackHarness | undefined;
  beforeAll(async () => {
    db = await startLocalDynamoDB();
  });
  afterEach(async () => {
    await harness?.stop();
    harness = undefined;
  });
  afterAll(async () => {
    await db.stop();
  });
  return {
    async start(options) {
      harness = await startSlackHarness({ ...options, db });
      return harness;
    },
  };
}
