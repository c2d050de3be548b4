import { afterEach, describe, expect, it } from 'vitest';
import type { AgentServer } from '#agent/src/app.ts';
import { invoke, readEvents } from '#local/stack/agent-client.ts';
import { ALICE, BOB, startFakeAgent } from './fixtures.ts';

describe('/ops regions', () => {
  let agent: AgentServer | undefined;
  afterEach(async () => {
    await agent?.close();
    agent = undefined;
  });

  it('lists each region with the accounts the user may read there, and no tool call', async () => {
    // Prepare
    agent = await startFakeAgent();
    // Act
    const events = await readEvents(
      await invoke(agent.url, { command: { name: 'ops', text: 'regions' }, userId: ALICE.sub }),
    );
    // Assess
    const text = events.flatMap((event) => (event.type === 'text' ? [event.delta] : [])).join('');
    expect(text).toContain('• us-west-2 (1): payments-prod');
    expect(text).toMatch(/• us-east-1 \(5\): /);
    expect(events.at(-1)).toMatchObject({ type: 'final', regions: ['us-east-1', 'us-west-2'] });
  });

  it('leaves out the accounts the user may not read from this channel', async () => {
    // Prepare: bob reads dev and staging only
    agent = await startFakeAgent();
    // Act
    const events = await readEvents(
      await invoke(agent.url, { command: { name: 'ops', text: 'regions prod' }, userId: BOB.sub }),
    );
    // Assess
    expect(events.at(-1)).toMatchObject({
      type: 'final',
      summary: 'No account you may read here.',
      regions: [],
    });
  });
});
